using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>How one pipeline stage (e.g. <c>face.detect</c>) is doing.</summary>
public sealed class StageHealth
{
    [JsonConstructor]
    public StageHealth(string stage, float latencyP50Ms, float latencyP99Ms, float ratePerSecond, long dropped, long deadlineMisses = 0)
    {
        Stage = WireCheck.Token(stage, 32, "stage");
        LatencyP50Ms = WireCheck.NonNegative(latencyP50Ms, 3_600_000f, "latencyP50Ms");
        LatencyP99Ms = WireCheck.NonNegative(latencyP99Ms, 3_600_000f, "latencyP99Ms");
        RatePerSecond = WireCheck.NonNegative(ratePerSecond, 100_000f, "ratePerSecond");
        ArgumentOutOfRangeException.ThrowIfNegative(dropped);
        Dropped = dropped;
        ArgumentOutOfRangeException.ThrowIfNegative(deadlineMisses);
        DeadlineMisses = deadlineMisses;
    }

    public string Stage { get; }

    public float LatencyP50Ms { get; }

    public float LatencyP99Ms { get; }

    /// <summary>Inputs processed per second.</summary>
    public float RatePerSecond { get; }

    /// <summary>Inputs dropped (stale frames replaced in latest-wins slots) since start.</summary>
    public long Dropped { get; }

    /// <summary>Runs since start that took longer than the stage's deadline (the profile's budget), for stages that have one; added within version 1.</summary>
    public long DeadlineMisses { get; }
}
