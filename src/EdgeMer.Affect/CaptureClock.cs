namespace EdgeMer.Affect;

/// <summary>
/// The one clock every source stamps its input with: monotonic time since the clock was made, from a
/// <see cref="TimeProvider"/> (so tests use a fake one). Summaries turn it into UTC with
/// <see cref="ToUtc"/>, anchored once, so a wall-clock step never reorders or stretches observations.
/// </summary>
public sealed class CaptureClock
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly DateTimeOffset _utcAtOrigin;

    public CaptureClock(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _origin = time.GetTimestamp();
        _utcAtOrigin = time.GetUtcNow();
    }

    /// <summary>The time provider the clock reads.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>Capture time now.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>The UTC time of <paramref name="captureTime"/>, by the wall clock at the origin.</summary>
    public DateTimeOffset ToUtc(TimeSpan captureTime) => _utcAtOrigin + captureTime;
}
