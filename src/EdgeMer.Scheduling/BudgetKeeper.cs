namespace EdgeMer.Scheduling;

/// <summary>
/// Keeps a latency budget: once per <see cref="Period"/> of the injected clock it takes the 99th
/// percentile of the latencies <see cref="Latency"/> recorded in that period, hands it to the
/// <see cref="DegradationLadder"/>, and says what changed. A period in which nothing finished (paused,
/// a source between runs, one run longer than the period) is not judged: the ladder holds. Call
/// <see cref="Tick"/> as often as convenient (each fusion); it does nothing between periods.
/// </summary>
public sealed class BudgetKeeper
{
    private readonly TimeProvider _time;
    private long _lastEvaluation;
    private bool _exhausted;

    public BudgetKeeper(StageMeter latency, DegradationLadder ladder, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        Latency = latency;
        Ladder = ladder;
        Period = period;
        _time = latency.TimeProvider;
        _lastEvaluation = _time.GetTimestamp();
    }

    /// <summary>The latency kept within the budget (for the face stages, capture to observation).</summary>
    public StageMeter Latency { get; }

    public DegradationLadder Ladder { get; }

    public TimeSpan Period { get; }

    /// <summary>Judges the period just ended when one has; null between periods and for a period with nothing to judge.</summary>
    public BudgetDecision? Tick()
    {
        if (_time.GetElapsedTime(_lastEvaluation) < Period)
        {
            return null;
        }

        _lastEvaluation = _time.GetTimestamp();
        StageFigures latency = Latency.Snapshot(Period);
        if (latency.RatePerSecond == 0)
        {
            return null;
        }

        Degradation before = Ladder.Level;
        Degradation after = Ladder.Evaluate(latency.P99);
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
