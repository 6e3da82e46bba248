using EdgeMer.Affect;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// What the speech affect heuristic read from one segment: arousal and a cautious valence, the
/// quality it gives them, and the z-scores (against the speaker's <see cref="SpeakerBaseline"/>) they
/// came from, so that a reading can always be traced to its evidence.
/// </summary>
public readonly record struct SpeechAffect
{
    /// <summary>Valence and arousal, each in [-1, 1].</summary>
    public ValenceArousal Affect { get; init; }

    /// <summary>How far the reading can be trusted, 0 to 1: speech duration, voicing and how much of the speaker's norm was learnt.</summary>
    public float Quality { get; init; }

    /// <summary>Weighted sum of the arousal cues' z-scores, before squashing into [-1, 1].</summary>
    public float ArousalScore { get; init; }

    public float IntensityZ { get; init; }

    public float PitchLevelZ { get; init; }

    public float PitchVariabilityZ { get; init; }

    public float SpeakingRateZ { get; init; }

    public float SpectralBalanceZ { get; init; }

    public float HarmonicityZ { get; init; }

    /// <summary>How many earlier segments of the speaker the z-scores were taken against.</summary>
    public int BaselineSegments { get; init; }
}
