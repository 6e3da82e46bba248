using System.Text.Json.Serialization;
using EdgeMer.Core;

namespace EdgeMer.Messaging.Wire;

/// <summary>An alert EdgeMer raises (published on <see cref="WireTopics.Alert"/> and driven to GPIO).</summary>
public sealed class SafetyAlert
{
    /// <summary>The largest value or threshold an alert reports (in the reason's unit).</summary>
    public const float MaxMagnitude = 1_000_000f;

    [JsonConstructor]
    public SafetyAlert(DateTimeOffset time, AlertKind kind, AlertSeverity severity, AlertReason reason, Modality? modality, float value, float threshold)
    {
        Time = WireCheck.Utc(time);
        Kind = WireCheck.Defined(kind, "kind");
        Severity = WireCheck.Defined(severity, "severity");
        Reason = WireCheck.Defined(reason, "reason");
        Modality = modality is { } m ? WireCheck.Defined(m, "modality") : null;
        Value = WireCheck.NonNegative(value, MaxMagnitude, "value");
        Threshold = WireCheck.NonNegative(threshold, MaxMagnitude, "threshold");
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
