namespace EdgeMer.Affect;

/// <summary>The stretch of wall-clock time (UTC) a summary describes.</summary>
public readonly record struct TimeWindow
{
    public TimeWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw new ArgumentException($"window end {end:O} is before its start {start:O}", nameof(end));
        }

        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }
}
