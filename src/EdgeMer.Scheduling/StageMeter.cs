namespace EdgeMer.Scheduling;

/// <summary>
/// What one stage costs, measured on an injected clock: the 50th and 99th percentile durations and the
/// rate of the runs that ended within a recent window (of the last 4,096 runs, kept in a fixed ring), and
/// counts of inputs it dropped and runs past its deadline. Written by the stage's thread, read by health at any
/// time; no allocation per run.
/// </summary>
public sealed class StageMeter
{
    private const int Capacity = 4096;

    private readonly long[] _durations = new long[Capacity];
    private readonly long[] _ends = new long[Capacity];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private int _next;
    private int _count;
    private long _runs;
    private long _dropped;
    private long _deadlineMisses;

    /// <param name="name">The stage's name as health reports it (<c>face</c>, <c>fusion</c>).</param>
    /// <param name="time">The clock runs are timed on.</param>
    /// <param name="deadline">A run longer than this counts as a deadline miss; null for none.</param>
    public StageMeter(string name, TimeProvider time, TimeSpan? deadline = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(time);
        Name = name;
        _time = time;
        Deadline = deadline;
    }

    public string Name { get; }

    public TimeSpan? Deadline { get; }

    public TimeProvider TimeProvider => _time;

    /// <summary>A timestamp to pass to <see cref="Record"/> when the run ends.</summary>
    public long Start() => _time.GetTimestamp();

    /// <summary>Records a run that began at <paramref name="started"/> (from <see cref="Start"/>) and ends now.</summary>
    public TimeSpan Record(long started)
    {
        long end = _time.GetTimestamp();
        TimeSpan duration = _time.GetElapsedTime(started, end);
        Add(duration, end);
        return duration;
    }

    /// <summary>Records a run that ends now and took <paramref name="duration"/> (a latency measured on another clock, such as capture to observation).</summary>
    public void Record(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        Add(duration, _time.GetTimestamp());
    }

    private void Add(TimeSpan duration, long end)
    {
        lock (_gate)
        {
            _durations[_next] = duration.Ticks;
            _ends[_next] = end;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            _runs++;
            if (Deadline is TimeSpan deadline && duration > deadline)
            {
                _deadlineMisses++;
            }
        }
    }

    /// <summary>Counts inputs the stage dropped (replaced before it could take them).</summary>
    public void AddDropped(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref _dropped, count);
    }

    /// <summary>The figures as they stand now: percentiles and rate over the runs that ended within the last <paramref name="window"/> (a run ending exactly <paramref name="window"/> ago belongs to the window before, so back-to-back windows never count a run twice).</summary>
    /// <param name="window">How far back the runs ended.</param>
    /// <param name="begunWithin">Where given, only the runs that also began within this (a latency's run begins at the capture): a run beginning exactly this long ago is left out.</param>
    public StageFigures Snapshot(TimeSpan window, TimeSpan? begunWithin = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        long begun = (begunWithin ?? TimeSpan.MaxValue).Ticks;
        Span<long> sorted = stackalloc long[Capacity];
        long now = _time.GetTimestamp();
        int count, recent = 0;
        long runs, misses;
        lock (_gate)
        {
            count = _count;
            for (int i = 0; i < count; i++)
            {
                TimeSpan ended = _time.GetElapsedTime(_ends[i], now);
                if (ended < window && _durations[i] < begun - ended.Ticks)
                {
                    sorted[recent++] = _durations[i];
                }
            }

            runs = _runs;
            misses = _deadlineMisses;
        }

        sorted = sorted[..recent];
        sorted.Sort();
        return new StageFigures(
            Name,
            runs,
            Interlocked.Read(ref _dropped),
            misses,
            recent == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Percentile(sorted, 0.50)),
            recent == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Percentile(sorted, 0.99)),
            recent / window.TotalSeconds);
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="q"/> of the values at or below it.</summary>
    private static long Percentile(ReadOnlySpan<long> sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

/// <summary>One stage's figures at one moment.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Runs">Runs since start.</param>
/// <param name="Dropped">Inputs dropped since start.</param>
/// <param name="DeadlineMisses">Runs longer than the deadline since start.</param>
/// <param name="P50">The median duration of the runs in the window.</param>
/// <param name="P99">The 99th percentile duration of the runs in the window.</param>
/// <param name="RatePerSecond">Runs per second over the recent window.</param>
public readonly record struct StageFigures(string Stage, long Runs, long Dropped, long DeadlineMisses, TimeSpan P50, TimeSpan P99, double RatePerSecond);
