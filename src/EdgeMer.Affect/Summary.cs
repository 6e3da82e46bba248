namespace EdgeMer.Affect;

/// <summary>
/// The fused result for one window, the only kind of evidence that leaves the device (with alerts and
/// health). Only numbers, labels and enumerations: nothing in it can carry a frame, a sample or an
/// identity. The constructor enforces what every subscriber relies on.
/// </summary>
public sealed class Summary
{
    public Summary(
        TimeWindow window,
        EmotionDistribution? emotions,
        ValenceArousal? affect,
        StateLikelihoods? states,
        float confidence,
        IReadOnlyList<ModalityContribution> contributions)
        : this(window, paused: false, emotions, affect, states, confidence, contributions)
    {
    }

    private Summary(
        TimeWindow window,
        bool paused,
        EmotionDistribution? emotions,
        ValenceArousal? affect,
        StateLikelihoods? states,
        float confidence,
        IReadOnlyList<ModalityContribution> contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        Confidence = Check.Unit(confidence, nameof(confidence));
        if (emotions is { IsValid: false })
        {
            throw new ArgumentException("emotions is the default value, not a distribution; use null for none", nameof(emotions));
        }

        if (contributions.Count > Modalities.Count)
        {
            throw new ArgumentException($"a summary has at most one contribution per modality ({Modalities.Count}); got {contributions.Count}", nameof(contributions));
        }

        for (int i = 0; i < contributions.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (contributions[j].Modality == contributions[i].Modality)
                {
                    throw new ArgumentException($"modality {Modalities.Name(contributions[i].Modality)} contributes twice to one summary", nameof(contributions));
                }
            }
        }

        Window = window;
        Paused = paused;
        Emotions = emotions;
        Affect = affect;
        States = states;
        Contributions = contributions;
    }

    public TimeWindow Window { get; }

    /// <summary>Capture is stopped by the privacy switch; the summary says so and carries nothing else.</summary>
    public bool Paused { get; }

    /// <summary>The fused distribution; null when no modality contributed one.</summary>
    public EmotionDistribution? Emotions { get; }

    public ValenceArousal? Affect { get; }

    public StateLikelihoods? States { get; }

    /// <summary>How sure the fuser is of this summary, 0 to 1.</summary>
    public float Confidence { get; }

    public IReadOnlyList<ModalityContribution> Contributions { get; }

    /// <summary>The summary for a window in which capture was paused: nothing but the window.</summary>
    public static Summary ForPausedWindow(TimeWindow window) => new(window, paused: true, null, null, null, 0f, []);
}
