using EdgeMer.Scheduling;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// Judges whether the service is still making progress, from what health already measures: the
/// publisher's message count and each stage's run count, sampled on every watchdog tick and compared
/// with the sample at least <see cref="StallAfter"/> old. It is stalled when, over that span, nothing
/// was published (health goes out every <c>EdgeMer:HealthInterval</c>, paused or not), the fusion stage
/// made no summary, or frames kept arriving from capture while the face stage (or the body stage, when
/// the degradation ladder has not paused it) finished none. A source that ends or is lost stops capture
/// too, so an idle pipeline is not a stalled one.
/// </summary>
public sealed class PipelineProgress
{
    private readonly List<(TimeSpan At, Sample Sample)> _samples = [];
    private TimeSpan _stallAfter;

    /// <param name="stallAfter">How long a part may go without progress before it counts as stalled.</param>
    public PipelineProgress(TimeSpan stallAfter)
    {
        StallAfter = stallAfter;
    }

    /// <summary>How long a part may go without progress before it counts as stalled; the summary interval in force sets it, so it may change between judgements.</summary>
    public TimeSpan StallAfter
    {
        get => _stallAfter;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _stallAfter = value;
        }
    }

    /// <summary>
    /// Records what the service has done by <paramref name="now"/> and returns null while it makes
    /// progress (or has not run for <see cref="StallAfter"/> yet), else what stalled.
    /// </summary>
    public string? Judge(TimeSpan now, long messages, IReadOnlyList<StageFigures> stages, Degradation? degradation)
    {
        var sample = new Sample(messages, Runs(stages, "fusion"), Runs(stages, "capture"), Runs(stages, "face"), Runs(stages, "body"));
        _samples.Add((now, sample));
        int baseline = -1;
        for (int i = _samples.Count - 1; i >= 0; i--)
        {
            if (now - _samples[i].At >= StallAfter)
            {
                baseline = i;
                break;
            }
        }

        if (baseline < 0)
        {
            return null;
        }

        _samples.RemoveRange(0, baseline);
        Sample then = _samples[0].Sample;
        string span = $"{StallAfter.TotalSeconds:0.#} s";
        if (sample.Messages == then.Messages)
        {
            return $"nothing was published for {span}";
        }

        if (sample.Fusion is { } fusion && then.Fusion is { } fusedThen && fusion == fusedThen)
        {
            return $"the fusion stage made no summary for {span}";
        }

        bool framesArrived = sample.Capture is { } capture && then.Capture is { } capturedThen && capture > capturedThen;
        if (framesArrived && sample.Face == then.Face)
        {
            return $"the face stage finished no frame for {span} while capture delivered {sample.Capture - then.Capture}";
        }

        if (framesArrived && sample.Body is not null && sample.Body == then.Body && degradation is not >= Degradation.PauseModality)
        {
            return $"the body stage finished no frame for {span} while capture delivered {sample.Capture - then.Capture}";
        }

        return null;
    }

    private static long? Runs(IReadOnlyList<StageFigures> stages, string name)
    {
        foreach (StageFigures stage in stages)
        {
            if (stage.Stage == name)
            {
                return stage.Runs;
            }
        }

        return null;
    }

    private readonly record struct Sample(long Messages, long? Fusion, long? Capture, long? Face, long? Body);
}
