using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>Source-generated (reflection-free, AOT-safe) JSON for the wire messages.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters =
    [
        typeof(CamelCaseEnumConverter<Modality>),
        typeof(CamelCaseEnumConverter<AlertKind>),
        typeof(CamelCaseEnumConverter<AlertSeverity>),
        typeof(CamelCaseEnumConverter<AlertReason>),
    ])]
[JsonSerializable(typeof(EmotionSummary))]
[JsonSerializable(typeof(SafetyAlert))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(EgressCounters))]
[JsonSerializable(typeof(SummaryMessage))]
[JsonSerializable(typeof(AlertMessage))]
[JsonSerializable(typeof(HealthMessage))]
internal sealed partial class WireJsonContext : JsonSerializerContext
{
}
