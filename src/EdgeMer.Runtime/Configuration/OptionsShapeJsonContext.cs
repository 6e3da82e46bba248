using System.Text.Json.Serialization;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Runtime.Sensing;
using EdgeMer.Runtime.Updates;

namespace EdgeMer.Runtime.Configuration;

/// <summary>
/// The shapes of the options types configuration binds to, as source-generated metadata for
/// <see cref="ConfigurationShape"/>. Property names as in C# (configuration keys); read-only and
/// non-public properties are not settings.
/// </summary>
[JsonSourceGenerationOptions(IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(RuntimeOptions))]
[JsonSerializable(typeof(SummaryPublisherOptions))]
[JsonSerializable(typeof(ControlServerOptions))]
[JsonSerializable(typeof(EgressSecurityOptions))]
[JsonSerializable(typeof(SensingOptions))]
[JsonSerializable(typeof(FusionSettings))]
[JsonSerializable(typeof(FleetOptions))]
internal sealed partial class OptionsShapeJsonContext : JsonSerializerContext;
