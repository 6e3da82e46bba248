using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Control;

/// <summary>Source-generated JSON for control requests and replies.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    // A member given twice ("command":"status" ... "command":"pause") is refused rather than
    // last-wins, so what a proxy or log reads is what EdgeMer acts on; and null in a field that
    // cannot be null ("command":null) is refused rather than read as a missing command.
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlReply))]
public sealed partial class ControlJsonContext : JsonSerializerContext
{
}
