using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Control;

/// <summary>Source-generated JSON for control requests and replies.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlReply))]
public sealed partial class ControlJsonContext : JsonSerializerContext
{
}
