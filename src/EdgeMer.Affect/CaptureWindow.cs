namespace EdgeMer.Affect;

/// <summary>
/// A stretch of capture time (<see cref="CaptureClock"/>): when the input an observation was made from
/// was captured. Monotonic, so it never jumps with the wall clock.
/// </summary>
public readonly record struct CaptureWindow
{
    public CaptureWindow(TimeSpan start, TimeSpan end)
    {
        if (end < start)
        {
            throw new ArgumentException($"window end {end} is before its start {start}", nameof(end));
        }

        Start = start;
        End = end;
    }

    public TimeSpan Start { get; }

    public TimeSpan End { get; }

    public TimeSpan Duration => End - Start;

    /// <summary>A window of one instant (a frame).</summary>
    public static CaptureWindow At(TimeSpan time) => new(time, time);
}
