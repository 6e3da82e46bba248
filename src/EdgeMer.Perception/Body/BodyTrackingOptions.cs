namespace EdgeMer.Perception.Body;

/// <summary>The body pipeline's settings: keypoint confidence, track life, smoothing and the gait window.</summary>
public sealed class BodyTrackingOptions
{
    /// <summary>Most people followed at once (the size of every per-track buffer).</summary>
    public int MaxTracks { get; init; } = 4;

    /// <summary>
    /// Least keypoint confidence for a joint to count as seen (0.3, as Human's MoveNet default). An unseen
    /// joint keeps its last smoothed position, is left out of every feature, and restarts its filter when seen again.
    /// </summary>
    public float MinKeypointScore { get; init; } = 0.3f;

    /// <summary>Least joints seen, with a shoulder and a hip among them, for a pose to be a person.</summary>
    public int MinVisibleKeypoints { get; init; } = 6;

    /// <summary>Poses in a row without the person before a track ends; the next person is a new track.</summary>
    public int MaxMissedPoses { get; init; } = 3;

    /// <summary>One Euro filter: cutoff in Hz of a still keypoint.</summary>
    public float SmoothingMinCutoff { get; init; } = 1.5f;

    /// <summary>
    /// One Euro filter: how much the cutoff rises, in Hz, per body height per second of the keypoint's speed
    /// (4: a hip moving at 1.2 H/s, a brisk walk, is followed at 6.3 Hz and lags it by under 4 % of H).
    /// </summary>
    public float SmoothingBeta { get; init; } = 4f;

    /// <summary>One Euro filter: cutoff in Hz of the speed estimate.</summary>
    public float SmoothingDerivativeCutoff { get; init; } = 1f;

    /// <summary>The sliding window gait and posture are measured over (4 s: two to four strides).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Most poses per track the window holds (the buffers' size: 4 s at 60 poses per second by default).</summary>
    public int WindowCapacity { get; init; } = 240;

    /// <summary>Least capture time between runs of a plugged-in gait-emotion model per track; its last reading stands in between.</summary>
    public TimeSpan ModelInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether affect is inferred at all (the heuristic, or a plugged-in gait model). Off where the
    /// purpose forbids inferring emotions (education, workplace: EU AI Act Art. 5(1)(f)): tracks,
    /// gait features and walking are still read; quality is the window's visibility and length.
    /// </summary>
    public bool InferAffect { get; init; } = true;

    internal void Validate()
    {
        Require(MaxTracks is > 0 and <= 64, nameof(MaxTracks), MaxTracks, "1 to 64");
        Require(MinKeypointScore is >= 0 and <= 1, nameof(MinKeypointScore), MinKeypointScore, "0 to 1");
        Require(MinVisibleKeypoints is >= 2 and <= BodyPose.KeypointCount, nameof(MinVisibleKeypoints), MinVisibleKeypoints, "2 to 17");
        Require(MaxMissedPoses >= 0, nameof(MaxMissedPoses), MaxMissedPoses, "0 or more");
        Require(SmoothingMinCutoff > 0 && float.IsFinite(SmoothingMinCutoff), nameof(SmoothingMinCutoff), SmoothingMinCutoff, "a positive frequency in Hz");
        Require(SmoothingBeta >= 0 && float.IsFinite(SmoothingBeta), nameof(SmoothingBeta), SmoothingBeta, "0 or more");
        Require(SmoothingDerivativeCutoff > 0 && float.IsFinite(SmoothingDerivativeCutoff), nameof(SmoothingDerivativeCutoff), SmoothingDerivativeCutoff, "a positive frequency in Hz");
        Require(Window >= TimeSpan.FromSeconds(1), nameof(Window), Window, "at least 1 s (a stride)");
        Require(WindowCapacity is >= 16 and <= 10_000, nameof(WindowCapacity), WindowCapacity, "16 to 10000");
        Require(ModelInterval >= TimeSpan.Zero, nameof(ModelInterval), ModelInterval, "zero (every pose) or more");
    }

    private static void Require(bool ok, string name, object value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"BodyTrackingOptions.{name} is {value}; allowed: {allowed}");
        }
    }
}
