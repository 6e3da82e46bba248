namespace EdgeMer.Fusion;

/// <summary>
/// When one person looked away from the task, added up over a sliding window of capture time
/// (Euro NCAP's visual attention time sharing), in 128 fixed buckets of a 120th of the window each:
/// however often the glances flap, the memory is fixed and every second away is counted, to within
/// one bucket at the window's far edge.
/// </summary>
internal sealed class GlanceHistory
{
    private const int Buckets = 128;

    private readonly TimeSpan _bucket;
    private readonly long[] _number = new long[Buckets];
    private readonly double[] _seconds = new double[Buckets];
    private TimeSpan? _awaySince;
    private TimeSpan _last;
    private bool _away;

    /// <param name="window">The longest window <see cref="AwayWithin"/> is asked about.</param>
    public GlanceHistory(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _bucket = window / 120;
        Array.Fill(_number, -1);
    }

    /// <summary>Records what an observation at <paramref name="time"/> saw: looking away or not.</summary>
    public void Observe(TimeSpan time, bool away)
    {
        if (time < _last)
        {
            return;
        }

        if (_away)
        {
            Add(_last, time);
        }

        _last = time;
        _away = away;
        if (away)
        {
            _awaySince ??= time;
        }
        else
        {
            _awaySince = null;
        }
    }

    /// <summary>How long the current glance away has lasted at <paramref name="now"/>; zero when looking at the task.</summary>
    public TimeSpan CurrentGlance(TimeSpan now) => _awaySince is TimeSpan start && now > start ? now - start : TimeSpan.Zero;

    /// <summary>The time spent looking away within the <paramref name="window"/> that ends at <paramref name="now"/>.</summary>
    public TimeSpan AwayWithin(TimeSpan now, TimeSpan window)
    {
        long first = Number(now - window), last = Number(now);
        double seconds = 0;
        for (int i = 0; i < Buckets; i++)
        {
            if (_number[i] >= first && _number[i] <= last)
            {
                seconds += _seconds[i];
            }
        }

        // Away since the last observation, and still.
        if (_away && now > _last)
        {
            seconds += (now - (_last > now - window ? _last : now - window)).TotalSeconds;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private long Number(TimeSpan time) => (long)Math.Floor(time / _bucket);

    private void Add(TimeSpan from, TimeSpan to)
    {
        for (long k = Number(from); k <= Number(to) && to > from; k++)
        {
            TimeSpan start = _bucket * k, end = _bucket * (k + 1);
            TimeSpan a = from > start ? from : start, b = to < end ? to : end;
            if (b <= a)
            {
                continue;
            }

            int slot = (int)(((k % Buckets) + Buckets) % Buckets);
            if (_number[slot] != k)
            {
                _number[slot] = k;
                _seconds[slot] = 0;
            }

            _seconds[slot] += (b - a).TotalSeconds;
        }
    }
}
