using System.Diagnostics;

namespace EdgeMer.Perception;

/// <summary>Accumulates a stage run's <see cref="StagePhases"/> as it goes (one per stage; no allocation).</summary>
internal struct StageClock
{
    private long _mark;
    private long _preprocess;
    private long _model;
    private long _postprocess;
    private int _runs;

    public void Start()
    {
        this = default;
        _mark = Stopwatch.GetTimestamp();
    }

    /// <summary>Ends a stretch of preprocessing.</summary>
    public void Preprocessed() => _preprocess += Lap();

    /// <summary>Ends one model run.</summary>
    public void RanModel()
    {
        _model += Lap();
        _runs++;
    }

    /// <summary>Ends a stretch of postprocessing.</summary>
    public void Postprocessed() => _postprocess += Lap();

    public readonly StagePhases Phases => new(_preprocess, _model, _postprocess, _runs);

    private long Lap()
    {
        long now = Stopwatch.GetTimestamp();
        long elapsed = now - _mark;
        _mark = now;
        return elapsed;
    }
}
