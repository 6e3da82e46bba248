namespace EdgeMer.Affect;

/// <summary>
/// One piece of evidence from a perception pipeline: what one modality saw of one (anonymous) person,
/// or of the scene, over a window of capture time. A value type, so pipelines emit them without
/// allocating; the constructor checks every field.
/// </summary>
public readonly record struct Observation
{
    public Observation(
        Modality modality,
        CaptureWindow window,
        float quality,
        EmotionDistribution? emotions,
        ValenceArousal? affect,
        ModalityStates states,
        int? trackId)
    {
        Modality = Check.Defined(modality, nameof(modality));
        Quality = Check.Unit(quality, nameof(quality));
        if (emotions is { IsValid: false })
        {
            throw new ArgumentException("emotions is the default value, not a distribution; use null for none", nameof(emotions));
        }

        if (trackId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trackId), trackId, "a track id is zero or more");
        }

        Window = window;
        Emotions = emotions;
        Affect = affect;
        States = states;
        TrackId = trackId;
    }

    public Modality Modality { get; }

    public CaptureWindow Window { get; }

    /// <summary>
    /// How far the observation can be trusted, 0 to 1 (face size and sharpness, speech duration and
    /// voicing, keypoint visibility): a poor input gives a low-quality observation, not a confident wrong one.
    /// </summary>
    public float Quality { get; }

    /// <summary>A distribution over the shared labels, or null where the modality does not estimate one.</summary>
    public EmotionDistribution? Emotions { get; }

    /// <summary>Valence and arousal, or null where the modality does not estimate them.</summary>
    public ValenceArousal? Affect { get; }

    public ModalityStates States { get; }

    /// <summary>
    /// An anonymous track (the same person across frames, by position only: never an identity,
    /// never an embedding); null for scene-level evidence.
    /// </summary>
    public int? TrackId { get; }

    /// <summary>The same evidence attributed to another track (a body joined to a face's person), or to the scene with null.</summary>
    public Observation ForTrack(int? trackId) => new(Modality, Window, Quality, Emotions, Affect, States, trackId);
}
