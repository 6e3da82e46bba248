namespace EdgeMer.Affect;

/// <summary>
/// The fused result for one window, the only kind of evidence that leaves the device (with alerts and
/// health). Only numbers, labels and enumerations: nothing in it can carry a frame, a sample or an
/// identity. The constructor enforces what every subscriber relies on, and what the deployment's
/// <see cref="Purpose"/> allows (<see cref="PurposePolicy"/>): no path can build a summary that
/// reports emotions where the purpose forbids them, or a person where it allows only the group.
/// </summary>
public sealed class Summary
{
    /// <param name="purpose">What the device is deployed for; it limits what the summary may carry.</param>
    /// <param name="trackId">The anonymous person the summary describes, or null for the scene (the group).</param>
    /// <exception cref="PurposeViolationException">The summary carries what <paramref name="purpose"/> forbids.</exception>
    public Summary(
        Purpose purpose,
        int? trackId,
        TimeWindow window,
        EmotionDistribution? emotions,
        ValenceArousal? affect,
        StateLikelihoods? states,
        float confidence,
        IReadOnlyList<ModalityContribution> contributions)
        : this(purpose, trackId, window, paused: false, emotions, affect, states, confidence, contributions)
    {
    }

    private Summary(
        Purpose purpose,
        int? trackId,
        TimeWindow window,
        bool paused,
        EmotionDistribution? emotions,
        ValenceArousal? affect,
        StateLikelihoods? states,
        float confidence,
        IReadOnlyList<ModalityContribution> contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        Purpose = Check.Defined(purpose, nameof(purpose));
        if (trackId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trackId), trackId, "a track id is zero or more");
        }

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

        CheckPurpose(purpose, trackId, emotions, affect, contributions);
        TrackId = trackId;
        Window = window;
        Paused = paused;
        Emotions = emotions;
        Affect = affect;
        States = states;
        Contributions = contributions;
    }

    /// <summary>What the device is deployed for; it has limited what this summary carries.</summary>
    public Purpose Purpose { get; }

    /// <summary>The anonymous track (a person, by position only) the summary describes; null for the scene, the group as a whole.</summary>
    public int? TrackId { get; }

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
    public static Summary ForPausedWindow(Purpose purpose, TimeWindow window) => new(purpose, null, window, paused: true, null, null, null, 0f, []);

    private static void CheckPurpose(Purpose purpose, int? trackId, EmotionDistribution? emotions, ValenceArousal? affect, IReadOnlyList<ModalityContribution> contributions)
    {
        if (trackId is not null && !PurposePolicy.AllowsPerPerson(purpose))
        {
            throw new PurposeViolationException(purpose, $"a summary for track {trackId}");
        }

        if (PurposePolicy.AllowsEmotions(purpose))
        {
            return;
        }

        if (emotions is not null || affect is not null)
        {
            throw new PurposeViolationException(purpose, emotions is not null ? "a summary with emotions" : "a summary with valence and arousal");
        }

        for (int i = 0; i < contributions.Count; i++)
        {
            if (contributions[i].Emotions is not null || contributions[i].Affect is not null)
            {
                throw new PurposeViolationException(purpose, $"the {Modalities.Name(contributions[i].Modality)} contribution's emotions or valence and arousal");
            }
        }
    }
}
