using EdgeMer.Affect;

namespace EdgeMer.Perception.Face;

/// <summary>
/// The emotion stage's output: per face region, the model's distribution mapped onto the shared
/// labels (not yet weighed by quality) and the sharpness of the face crop it saw. Fixed capacity, reused.
/// </summary>
public sealed class FaceEmotions
{
    private readonly int[] _trackIds;
    private readonly EmotionDistribution[] _distributions;
    private readonly float[] _sharpness;

    public FaceEmotions(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _trackIds = new int[capacity];
        _distributions = new EmotionDistribution[capacity];
        _sharpness = new float[capacity];
    }

    public int Capacity => _trackIds.Length;

    public int Count { get; internal set; }

    /// <summary>When the frame the faces were read in was captured: an emotion stage on its own thread hands its readings over a frame or two later.</summary>
    public TimeSpan CaptureTime { get; internal set; }

    public int TrackId(int face) => _trackIds[face];

    public EmotionDistribution Distribution(int face) => _distributions[face];

    /// <summary>Variance of the Laplacian of the grey 64x64 crop, in grey levels squared: low for a blurred or flat face.</summary>
    public float Sharpness(int face) => _sharpness[face];

    internal void Set(int face, int trackId, EmotionDistribution distribution, float sharpness)
    {
        _trackIds[face] = trackId;
        _distributions[face] = distribution;
        _sharpness[face] = sharpness;
    }
}
