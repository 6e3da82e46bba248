namespace EdgeMer.Affect;

/// <summary>An alert EdgeMer raises: published on the alert topic and driven to GPIO outputs.</summary>
public readonly record struct Alert
{
    /// <summary>The largest value or threshold an alert reports (in the reason's unit).</summary>
    public const float MaxMagnitude = 1_000_000f;

    public Alert(DateTimeOffset time, AlertKind kind, AlertSeverity severity, AlertReason reason, Modality? modality, float value, float threshold)
    {
        Time = time.ToUniversalTime();
        Kind = Check.Defined(kind, nameof(kind));
        Severity = Check.Defined(severity, nameof(severity));
        Reason = Check.Defined(reason, nameof(reason));
        Modality = modality is { } m ? Check.Defined(m, nameof(modality)) : null;
        Value = Check.Range(value, 0f, MaxMagnitude, nameof(value));
        Threshold = Check.Range(threshold, 0f, MaxMagnitude, nameof(threshold));
    }

    /// <summary>When the condition was detected (UTC).</summary>
    public DateTimeOffset Time { get; }

    public AlertKind Kind { get; }

    public AlertSeverity Severity { get; }

    public AlertReason Reason { get; }

    /// <summary>The modality the alert concerns, if one.</summary>
    public Modality? Modality { get; }

    /// <summary>The measured value that crossed <see cref="Threshold"/>, in the reason's unit.</summary>
    public float Value { get; }

    public float Threshold { get; }
}
