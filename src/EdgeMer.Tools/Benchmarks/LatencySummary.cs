using System.Diagnostics;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>Mean, median and 99th percentile of per-call times, in microseconds.</summary>
public sealed record LatencySummary(double MeanMicroseconds, double P50Microseconds, double P99Microseconds)
{
    /// <summary>Summarises per-call durations measured in <see cref="Stopwatch"/> ticks (sorts <paramref name="ticks"/> in place).</summary>
    public static LatencySummary FromStopwatchTicks(Span<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            throw new ArgumentException("At least one timed call is needed", nameof(ticks));
        }

        double total = 0;
        foreach (long t in ticks)
        {
            total += t;
        }

        ticks.Sort();
        double toMicroseconds = 1_000_000.0 / Stopwatch.Frequency;
        return new LatencySummary(
            total / ticks.Length * toMicroseconds,
            Percentile(ticks, 0.50) * toMicroseconds,
            Percentile(ticks, 0.99) * toMicroseconds);
    }

    /// <summary>Summarises nanosecond figures reported by another process.</summary>
    public static LatencySummary FromNanoseconds(double mean, double p50, double p99) => new(mean / 1000, p50 / 1000, p99 / 1000);

    // Nearest-rank percentile over sorted values.
    private static long Percentile(ReadOnlySpan<long> sorted, double fraction)
    {
        int rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
