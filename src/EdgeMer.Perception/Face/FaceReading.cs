using EdgeMer.Affect;
using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>
/// Everything the face pipeline read from one face in one frame: where it is, its landmarks, eyes,
/// mouth, head pose, emotion and quality, and the <see cref="Affect.Observation"/> made of it.
/// A reusable slot of <see cref="FaceFrameResult"/>; its landmarks are overwritten by the next frame.
/// </summary>
public sealed class FaceReading
{
    private readonly float[] _landmarks = new float[FaceMeshIndices.Count * 3];

    /// <summary>The anonymous track: the same number while the face is followed, never an identity.</summary>
    public int TrackId { get; internal set; }

    /// <summary>The upright box around the face's landmarks (the face itself).</summary>
    public FaceBox Box { get; internal set; }

    /// <summary>
    /// The face with a margin, as Human's face box: centred on the landmarks, as large as the crop the
    /// models were given; the next frame's crop when the detector does not run.
    /// </summary>
    public ImageRegion Region { get; internal set; }

    /// <summary>The detector's score when it last saw the face.</summary>
    public float DetectionScore { get; internal set; }

    /// <summary>FaceMesh's face flag this frame.</summary>
    public float MeshScore { get; internal set; }

    /// <summary>The 478 landmarks: (x, y, z) at [3i], [3i + 1], [3i + 2], in image pixels.</summary>
    public ReadOnlySpan<float> Landmarks => _landmarks;

    public float LeftEyeAspectRatio { get; internal set; }

    public float RightEyeAspectRatio { get; internal set; }

    public HeadPose Pose { get; internal set; }

    /// <summary>Eyes, blinks, PERCLOS, yawns and eyes off the road, over the track's recent past.</summary>
    public FaceStateReading State { get; internal set; }

    /// <summary>The emotion model's distribution over the shared labels as it came (before quality tempers it); null before it first ran.</summary>
    public EmotionDistribution? ModelEmotions { get; internal set; }

    /// <summary>Sharpness of the last emotion crop (Laplacian variance, grey levels²).</summary>
    public float Sharpness { get; internal set; }

    public float Quality { get; internal set; }

    /// <summary>What the fuser is given: modality face, the frame's capture instant, quality, emotions tempered by quality, valence/arousal, states, track.</summary>
    public Observation Observation { get; internal set; }

    internal Span<float> WritableLandmarks => _landmarks;
}
