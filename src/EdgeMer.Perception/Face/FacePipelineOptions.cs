namespace EdgeMer.Perception.Face;

/// <summary>The face pipeline's settings: thresholds, rates and the temporal logic's options.</summary>
public sealed class FacePipelineOptions
{
    /// <summary>Most faces followed at once (the size of every per-face buffer).</summary>
    public int MaxFaces { get; init; } = 8;

    /// <summary>
    /// Least detector score (sigmoid) for a face. One half: Human keeps 0.2 and lets FaceMesh's face
    /// flag reject what is not a face; EdgeMer asks both to be more sure than not.
    /// </summary>
    public float MinDetectionScore { get; init; } = 0.5f;

    /// <summary>Least FaceMesh face flag for the landmarks to count; below it the track is dropped.</summary>
    public float MinMeshScore { get; init; } = 0.5f;

    /// <summary>Boxes overlapping more than this (IoU) are one face in the weighted non-maximum suppression.</summary>
    public float NmsIouThreshold { get; init; } = 0.3f;

    /// <summary>How much larger than the detector's box the square crop for the landmark and emotion models is (as Human: 1.4).</summary>
    public float RegionScale { get; init; } = 1.4f;

    /// <summary>Letterbox the frame into the detector's square input instead of stretching it (Human stretches).</summary>
    public bool LetterboxDetector { get; init; }

    /// <summary>
    /// A face turned (rolled) more than this, in radians, is cropped upright for the landmark and
    /// emotion models (15°); smaller turns are cropped as they are, as Human does by default.
    /// </summary>
    public float AlignAbove { get; init; } = 0.26f;

    /// <summary>Least capture time between detector runs; tracks follow the faces in between. Zero detects on every frame.</summary>
    public TimeSpan DetectionInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Least capture time between emotion runs per face; the last distribution stands in between. Zero runs it on every frame.</summary>
    public TimeSpan EmotionInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Whether the emotion model runs at all. Off where the purpose forbids inferring emotions
    /// (education, workplace: EU AI Act Art. 5(1)(f)): the faces' states are still read, no
    /// distribution or valence/arousal is inferred, and quality comes from size and landmark score.
    /// </summary>
    public bool ReadEmotions { get; init; } = true;

    /// <summary>Detector runs a track may go unmatched before it ends (its landmarks keep it until then).</summary>
    public int MaxMissedDetections { get; init; } = 2;

    /// <summary>Least overlap (IoU) of a detection with a track's region to continue that track.</summary>
    public float TrackIouThreshold { get; init; } = 0.3f;

    /// <summary>Eye, mouth and head-pose logic over time.</summary>
    public FaceStateOptions States { get; init; } = new();

    internal void Validate()
    {
        Check(MaxFaces is >= 1 and <= 64, nameof(MaxFaces), "1 to 64");
        Check(MinDetectionScore is > 0 and < 1, nameof(MinDetectionScore), "between 0 and 1");
        Check(MinMeshScore is >= 0 and < 1, nameof(MinMeshScore), "0 to below 1");
        Check(NmsIouThreshold is > 0 and < 1, nameof(NmsIouThreshold), "between 0 and 1");
        Check(RegionScale is >= 1 and <= 3, nameof(RegionScale), "1 to 3");
        Check(AlignAbove is >= 0 and <= MathF.PI, nameof(AlignAbove), "0 to π");
        Check(DetectionInterval >= TimeSpan.Zero, nameof(DetectionInterval), "zero or more");
        Check(EmotionInterval >= TimeSpan.Zero, nameof(EmotionInterval), "zero or more");
        Check(MaxMissedDetections is >= 0 and <= 100, nameof(MaxMissedDetections), "0 to 100");
        Check(TrackIouThreshold is > 0 and < 1, nameof(TrackIouThreshold), "between 0 and 1");
        ArgumentNullException.ThrowIfNull(States);
        States.Validate();
    }

    private static void Check(bool valid, string name, string allowed)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be {allowed}");
        }
    }
}
