using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>The wire form of an <see cref="Alert"/> (published on <see cref="WireTopics.Alert"/>).</summary>
public sealed class SafetyAlert
{
    /// <summary>The largest value or threshold an alert reports (in the reason's unit).</summary>
    public const float MaxMagnitude = Alert.MaxMagnitude;

    [JsonConstructor]
    public SafetyAlert(DateTimeOffset time, AlertKind kind, AlertSeverity severity, AlertReason reason, Modality? modality, float value, float threshold)
        : this(new Alert(time, kind, severity, reason, modality, value, threshold))
    {
    }

    private SafetyAlert(Alert alert)
    {
        Alert = alert;
    }

    /// <summary>When the condition was detected (UTC).</summary>
    public DateTimeOffset Time => Alert.Time;

    public AlertKind Kind => Alert.Kind;

    public AlertSeverity Severity => Alert.Severity;

    public AlertReason Reason => Alert.Reason;

    /// <summary>The modality the alert concerns, if one.</summary>
    public Modality? Modality => Alert.Modality;

    /// <summary>The measured value that crossed <see cref="Threshold"/>, in the reason's unit.</summary>
    public float Value => Alert.Value;

    public float Threshold => Alert.Threshold;

    /// <summary>The alert as the domain holds it.</summary>
    [JsonIgnore]
    public Alert Alert { get; }

    /// <summary>The wire form of a domain alert.</summary>
    public static SafetyAlert From(Alert alert) => new(alert);
}
