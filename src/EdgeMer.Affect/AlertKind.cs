namespace EdgeMer.Affect;

/// <summary>What an alert is about. On the wire each is its camel-case name (<c>sensorLost</c>).</summary>
public enum AlertKind
{
    Drowsiness,
    Distraction,
    Fatigue,
    Distress,

    /// <summary>A modality stopped delivering observations (camera or microphone gone).</summary>
    SensorLost,

    /// <summary>The device cannot keep its latency budget even after degrading.</summary>
    OverBudget,
}
