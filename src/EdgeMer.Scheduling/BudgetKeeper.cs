namespace EdgeMer.Scheduling;

/// <summary>
/// Keeps a latency budget: once per <see cref="Period"/> of the injected clock it takes the 99th
/// percentile of the latencies <see cref="Latency"/> recorded over the last <see cref="Window"/> (but
/// never of frames captured before the ladder last moved, so a step is judged on what it did, not on
/// the frames in flight as it moved, which were over budget: that is why it moved), hands it to the
/// <see cref="DegradationLadder"/>, and says what changed. A period's few frames alone would make the
/// p99 their maximum, and a spike every few seconds would never be over budget three periods in a row
/// though it is the p99 a subscriber sees. A judgement with nothing finished since the last one (paused,
/// a source between runs, one run longer than the period, only frames captured before the ladder moved)
/// is skipped: the ladder holds. <see cref="Restart"/> says the stages changed under the ladder (new
/// models in place): only frames captured since count, the next judgement comes a period later, and
/// the runs of judgements over or under budget start again. Call
/// <see cref="Tick"/> as often as convenient (each fusion); it does nothing between periods.
/// </summary>
public sealed class BudgetKeeper
{
    private readonly TimeProvider _time;
    private long _lastEvaluation;
    private long _lastChange;
    private int _restarted;
    private bool _exhausted;

    /// <param name="window">How far back each judgement looks (at least <paramref name="period"/>; default five periods).</param>
    public BudgetKeeper(StageMeter latency, DegradationLadder ladder, TimeSpan period, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(window ?? period, period);
        Latency = latency;
        Ladder = ladder;
        Period = period;
        Window = window ?? (period * 5);
        _time = latency.TimeProvider;
        _lastEvaluation = _lastChange = _time.GetTimestamp();
    }

    /// <summary>How far back each judgement looks.</summary>
    public TimeSpan Window { get; }

    /// <summary>The latency kept within the budget (for the face stages, capture to observation).</summary>
    public StageMeter Latency { get; }

    public DegradationLadder Ladder { get; }

    public TimeSpan Period { get; }

    /// <summary>
    /// The stages changed under the ladder (a rung's lighter models, or a reload's, are in place): judge
    /// only frames captured from <paramref name="settle"/> on, the first judgement a full period from now, and step only after
    /// a full run of judgements over (or under) budget from then. The frames before ran on what is gone,
    /// or waited while the new models loaded on the same cores. Safe from any thread.
    /// </summary>
    /// <param name="settle">Frames captured within this of now are not judged either: new models' first runs are slow (ONNX Runtime sizes its buffers on them).</param>
    public void Restart(TimeSpan settle = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settle, TimeSpan.Zero);
        long now = _time.GetTimestamp();
        Volatile.Write(ref _lastChange, now + (long)(settle.TotalSeconds * _time.TimestampFrequency));
        Volatile.Write(ref _lastEvaluation, now);
        Volatile.Write(ref _restarted, 1);
    }

    /// <summary>Judges the period just ended when one has; null between periods and for a period with nothing to judge.</summary>
    public BudgetDecision? Tick()
    {
        if (_time.GetElapsedTime(Volatile.Read(ref _lastEvaluation)) < Period)
        {
            return null;
        }

        if (Interlocked.Exchange(ref _restarted, 0) != 0)
        {
            // On the ticking thread, which alone evaluates the ladder.
            Ladder.ResetStreaks();
        }

        // A frame captured before the ladder last moved (in flight as it moved) is not what the rung did.
        TimeSpan sinceEvaluation = _time.GetElapsedTime(Volatile.Read(ref _lastEvaluation));
        TimeSpan sinceChange = _time.GetElapsedTime(Volatile.Read(ref _lastChange));
        Volatile.Write(ref _lastEvaluation, _time.GetTimestamp());
        if (sinceChange <= TimeSpan.Zero || Latency.Snapshot(sinceEvaluation, begunWithin: sinceChange).RatePerSecond == 0)
        {
            return null;
        }

        StageFigures latency = Latency.Snapshot(sinceChange < Window ? sinceChange : Window, begunWithin: sinceChange);
        Degradation before = Ladder.Level;
        Degradation after = Ladder.Evaluate(latency.P99);
        if (after != before)
        {
            Volatile.Write(ref _lastChange, _time.GetTimestamp());
        }

        bool newlyExhausted = Ladder.Exhausted && !_exhausted;
        _exhausted = Ladder.Exhausted;
        return new BudgetDecision(before, after, latency.P99, newlyExhausted);
    }
}

/// <summary>What one period's judgement did.</summary>
/// <param name="Before">The rung in force before.</param>
/// <param name="After">The rung in force now.</param>
/// <param name="P99">The period's 99th percentile latency.</param>
/// <param name="NewlyExhausted">The ladder has just run out of rungs with the latency still over budget (once per episode: the time to raise an alert).</param>
public readonly record struct BudgetDecision(Degradation Before, Degradation After, TimeSpan P99, bool NewlyExhausted)
{
    public bool Changed => Before != After;
}
