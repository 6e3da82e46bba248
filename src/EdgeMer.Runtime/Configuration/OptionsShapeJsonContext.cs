using System.Text.Json.Serialization;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Publishing;

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
internal sealed partial class OptionsShapeJsonContext : JsonSerializerContext;
