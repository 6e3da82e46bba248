namespace EdgeMer.Affect;

/// <summary>
/// Why an alert fired: a fixed code, never free text (free text could carry what must not leave the
/// device). <see cref="Alert.Value"/> and <see cref="Alert.Threshold"/> are in the unit the
/// reason names. On the wire each is its camel-case name (<c>eyesClosedTooLong</c>).
/// </summary>
public enum AlertReason
{
    /// <summary>Eyes closed longer than the threshold (seconds).</summary>
    EyesClosedTooLong,

    /// <summary>More yawns per minute than the threshold.</summary>
    FrequentYawning,

    /// <summary>Looking away from the task longer than the threshold (seconds).</summary>
    LookingAway,

    /// <summary>Negative valence with high arousal sustained longer than the threshold (seconds).</summary>
    SustainedNegativeAffect,

    /// <summary>No observation from a modality for longer than the threshold (seconds).</summary>
    ModalityStale,

    /// <summary>Capture-to-summary latency above the budget (milliseconds).</summary>
    LatencyOverBudget,

    /// <summary>Time spent looking away from the task, added up over a recent window, above the threshold (seconds).</summary>
    AttentionTimeSharing,

    /// <summary>The estimated sleepiness above the threshold (the Karolinska Sleepiness Scale's 1 to 9).</summary>
    SleepinessLevel,

    /// <summary>The share of the people in view who are drowsy (0 to 1) at or above the threshold; about a group, never one person.</summary>
    GroupDrowsiness,

    /// <summary>The share of the people in view who are distracted (0 to 1) at or above the threshold; about a group, never one person.</summary>
    GroupDistraction,
}
