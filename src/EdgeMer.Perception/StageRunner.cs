using System.Diagnostics;

namespace EdgeMer.Perception;

/// <summary>
/// Runs one <see cref="IPerceptionStage{TInput, TOutput}"/> at most once per
/// <see cref="MinimumInterval"/> of capture time, and keeps its timing. A scheduler gives each stage
/// a runner and its own thread; the pipeline that runs all stages in turn uses runners the same way.
/// </summary>
public sealed class StageRunner<TInput, TOutput>
    where TInput : allows ref struct
    where TOutput : class
{
    private readonly IPerceptionStage<TInput, TOutput> _stage;
    private TimeSpan? _lastRun;
    private long _runs;
    private long _skipped;
    private StagePhases _total;
    private long _maxTicks;

    public StageRunner(IPerceptionStage<TInput, TOutput> stage, TimeSpan minimumInterval)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumInterval, TimeSpan.Zero);
        _stage = stage;
        MinimumInterval = minimumInterval;
    }

    public string Name => _stage.Name;

    /// <summary>The least capture time between two runs; zero runs on every frame.</summary>
    public TimeSpan MinimumInterval { get; set; }

    /// <summary>Runs so far.</summary>
    public long Runs => _runs;

    /// <summary>Frames on which the stage was due to wait (rate-limited).</summary>
    public long Skipped => _skipped;

    /// <summary>Time spent in all runs so far, by phase.</summary>
    public StagePhases Total => _total;

    /// <summary>The last run's phases.</summary>
    public StagePhases Last => _stage.LastRun;

    /// <summary>The longest run so far, in <see cref="Stopwatch"/> ticks.</summary>
    public long MaxTicks => _maxTicks;

    /// <summary>Whether a frame captured at <paramref name="captureTime"/> is due for this stage.</summary>
    public bool IsDue(TimeSpan captureTime) =>
        _lastRun is not { } last || captureTime - last >= MinimumInterval || captureTime < last;

    /// <summary>Runs the stage when it is due (or when <paramref name="force"/>); false when it waited.</summary>
    public bool TryRun(scoped in TInput input, TOutput output, TimeSpan captureTime, bool force = false)
    {
        if (!force && !IsDue(captureTime))
        {
            _skipped++;
            return false;
        }

        _stage.Run(in input, output);
        _lastRun = captureTime;
        _runs++;
        StagePhases phases = _stage.LastRun;
        _total += phases;
        _maxTicks = Math.Max(_maxTicks, phases.TotalTicks);
        return true;
    }

    /// <summary>Forgets the timing so far (a benchmark's warm-up).</summary>
    public void ResetTiming()
    {
        _runs = 0;
        _skipped = 0;
        _total = default;
        _maxTicks = 0;
    }

    /// <summary>Average run, by phase, in milliseconds.</summary>
    public (double Preprocess, double Model, double Postprocess) MeanMilliseconds =>
        _runs == 0 ? default : (Ms(_total.PreprocessTicks) / _runs, Ms(_total.ModelTicks) / _runs, Ms(_total.PostprocessTicks) / _runs);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
