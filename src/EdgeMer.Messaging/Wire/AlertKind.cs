using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>What an alert is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    [JsonStringEnumMemberName("drowsiness")]
    Drowsiness,

    [JsonStringEnumMemberName("distraction")]
    Distraction,

    [JsonStringEnumMemberName("fatigue")]
    Fatigue,

    [JsonStringEnumMemberName("distress")]
    Distress,

    /// <summary>A modality stopped delivering observations (camera or microphone gone).</summary>
    [JsonStringEnumMemberName("sensorLost")]
    SensorLost,

    /// <summary>The device cannot keep its latency budget even after degrading.</summary>
    [JsonStringEnumMemberName("overBudget")]
    OverBudget,
}
