using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// Why an alert fired: a fixed code, never free text (free text could carry what must not leave the
/// device). <see cref="SafetyAlert.Value"/> and <see cref="SafetyAlert.Threshold"/> are in the unit the
/// reason names.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertReason>))]
public enum AlertReason
{
    /// <summary>Eyes closed longer than the threshold (seconds).</summary>
    [JsonStringEnumMemberName("eyesClosedTooLong")]
    EyesClosedTooLong,

    /// <summary>More yawns per minute than the threshold.</summary>
    [JsonStringEnumMemberName("frequentYawning")]
    FrequentYawning,

    /// <summary>Looking away from the task longer than the threshold (seconds).</summary>
    [JsonStringEnumMemberName("lookingAway")]
    LookingAway,

    /// <summary>Negative valence with high arousal sustained longer than the threshold (seconds).</summary>
    [JsonStringEnumMemberName("sustainedNegativeAffect")]
    SustainedNegativeAffect,

    /// <summary>No observation from a modality for longer than the threshold (seconds).</summary>
    [JsonStringEnumMemberName("modalityStale")]
    ModalityStale,

    /// <summary>Capture-to-summary latency above the budget (milliseconds).</summary>
    [JsonStringEnumMemberName("latencyOverBudget")]
    LatencyOverBudget,
}
