namespace EdgeMer.Fusion;

/// <summary>
/// When one person looked away from the task, as intervals of capture time, so the time away can be
/// added up over a sliding window (Euro NCAP's visual attention time sharing). Fixed capacity: the
/// oldest intervals give way, and no interval older than the window is needed.
/// </summary>
internal sealed class GlanceHistory
{
    private readonly (TimeSpan Start, TimeSpan End)[] _closed = new (TimeSpan, TimeSpan)[64];
    private int _next;
    private int _count;
    private TimeSpan? _awaySince;
    private TimeSpan _last;

    /// <summary>Records what an observation at <paramref name="time"/> saw: looking away or not.</summary>
    public void Observe(TimeSpan time, bool away)
    {
        if (time < _last)
        {
            return;
        }

        _last = time;
        if (away && _awaySince is null)
        {
            _awaySince = time;
        }
        else if (!away && _awaySince is TimeSpan start)
        {
            _closed[_next] = (start, time);
            _next = (_next + 1) % _closed.Length;
            _count = Math.Min(_count + 1, _closed.Length);
            _awaySince = null;
        }
    }

    /// <summary>How long the current glance away has lasted at <paramref name="now"/>; zero when looking at the task.</summary>
    public TimeSpan CurrentGlance(TimeSpan now) => _awaySince is TimeSpan start && now > start ? now - start : TimeSpan.Zero;

    /// <summary>The time spent looking away within the <paramref name="window"/> that ends at <paramref name="now"/>.</summary>
    public TimeSpan AwayWithin(TimeSpan now, TimeSpan window)
    {
        TimeSpan from = now - window;
        TimeSpan total = TimeSpan.Zero;
        for (int i = 0; i < _count; i++)
        {
            (TimeSpan start, TimeSpan end) = _closed[i];
            total += Overlap(start, end, from, now);
        }

        if (_awaySince is TimeSpan open)
        {
            total += Overlap(open, now, from, now);
        }

        return total;
    }

    private static TimeSpan Overlap(TimeSpan start, TimeSpan end, TimeSpan from, TimeSpan to)
    {
        TimeSpan a = start > from ? start : from, b = end < to ? end : to;
        return b > a ? b - a : TimeSpan.Zero;
    }
}
