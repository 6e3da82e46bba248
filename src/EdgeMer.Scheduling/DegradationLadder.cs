namespace EdgeMer.Scheduling;

/// <summary>The rungs a device steps down when it cannot keep its latency budget, in order.</summary>
public enum Degradation
{
    /// <summary>Every stage at its configured rate and model.</summary>
    None = 0,

    /// <summary>Low-priority stages run less often (for driver safety: emotion and re-detection, never the eyes).</summary>
    LowerRates = 1,

    /// <summary>A lighter variant of the models (INT8, pruned) where the manifest lists one.</summary>
    LighterModels = 2,

    /// <summary>Smaller model inputs or frames.</summary>
    SmallerInput = 3,

    /// <summary>The lowest-priority modality is paused.</summary>
    PauseModality = 4,
}

/// <summary>
/// Decides the rung from the latency measured each evaluation period: after
/// <see cref="StepDownAfter"/> periods in a row over the budget it steps down to the next rung the
/// device can take; after <see cref="StepUpAfter"/> periods in a row below <see cref="ClimbBelow"/> of
/// the budget it climbs back one. Between the two it holds, so a latency hovering near the budget does
/// not flap. Pure and deterministic: the caller supplies the measurements.
/// </summary>
public sealed class DegradationLadder
{
    private readonly bool[] _available = new bool[5];
    private int _over;
    private int _under;

    /// <param name="budget">The latency to keep (the profile's capture-to-summary budget).</param>
    /// <param name="available">The rungs this device can take beyond <see cref="Degradation.None"/> (a rung without a lighter model, say, is skipped).</param>
    public DegradationLadder(TimeSpan budget, IEnumerable<Degradation> available)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(available);
        Budget = budget;
        _available[0] = true;
        foreach (Degradation rung in available)
        {
            _available[(int)rung] = Enum.IsDefined(rung) ? true : throw new ArgumentOutOfRangeException(nameof(available), rung, "not a rung");
        }
    }

    public TimeSpan Budget { get; }

    /// <summary>Periods over budget in a row before stepping down. Default 3.</summary>
    public int StepDownAfter { get; init; } = 3;

    /// <summary>Periods well under budget in a row before climbing back. Default 10.</summary>
    public int StepUpAfter { get; init; } = 10;

    /// <summary>"Well under": this share of the budget. Default 0.7.</summary>
    public double ClimbBelow { get; init; } = 0.7;

    /// <summary>The rung in force.</summary>
    public Degradation Level { get; private set; }

    /// <summary>True once the latency stayed over budget with no rung left to take, until it is well under the budget again: the device cannot keep its budget.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Forgets the judgements in a row over or under budget so far: the next step needs a full run of them.</summary>
    public void ResetStreaks()
    {
        _over = 0;
        _under = 0;
    }

    /// <summary>Takes one period's latency (its 99th percentile) and returns the rung in force after it.</summary>
    public Degradation Evaluate(TimeSpan latency)
    {
        if (latency > Budget)
        {
            _under = 0;
            if (++_over >= StepDownAfter)
            {
                _over = 0;
                Degradation? next = Next(+1);
                Exhausted = next is null;
                Level = next ?? Level;
            }
        }
        else if (latency.Ticks < Budget.Ticks * ClimbBelow)
        {
            _over = 0;
            Exhausted = false;
            if (++_under >= StepUpAfter)
            {
                _under = 0;
                Level = Next(-1) ?? Level;
            }
        }
        else
        {
            // Near the budget: hold the rung, and an exhausted ladder stays exhausted until well under it.
            _over = 0;
            _under = 0;
        }

        return Level;
    }

    private Degradation? Next(int direction)
    {
        for (int rung = (int)Level + direction; rung >= 0 && rung < _available.Length; rung += direction)
        {
            if (_available[rung])
            {
                return (Degradation)rung;
            }
        }

        return null;
    }
}
