namespace EdgeMer.Tools.Benchmarks;

/// <summary>One runtime's per-call times divided by another's, figure by figure (below 1: the first is faster).</summary>
public sealed record LatencyRatio(double Mean, double P50, double P99)
{
    /// <summary><paramref name="measured"/> divided by <paramref name="reference"/>.</summary>
    public static LatencyRatio Of(LatencySummary measured, LatencySummary reference) =>
        new(measured.MeanMicroseconds / reference.MeanMicroseconds,
            measured.P50Microseconds / reference.P50Microseconds,
            measured.P99Microseconds / reference.P99Microseconds);
}
