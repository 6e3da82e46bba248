using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>
/// The landmark stage's output: per face region, whether FaceMesh saw a face there, its face flag,
/// and the 478 landmarks (x, y in image pixels; z depth in image pixels, larger away from the
/// camera). Fixed capacity, reused.
/// </summary>
public sealed class FaceLandmarks
{
    private readonly float[][] _points;
    private readonly int[] _trackIds;
    private readonly float[] _scores;
    private readonly bool[] _valid;
    private readonly ImageRegion[] _regions;

    public FaceLandmarks(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _points = new float[capacity][];
        for (int i = 0; i < capacity; i++)
        {
            _points[i] = new float[FaceMeshIndices.Count * 3];
        }

        _trackIds = new int[capacity];
        _scores = new float[capacity];
        _valid = new bool[capacity];
        _regions = new ImageRegion[capacity];
    }

    public int Capacity => _trackIds.Length;

    /// <summary>How many regions the last run covered (valid or not).</summary>
    public int Count { get; internal set; }

    public int TrackId(int face) => _trackIds[face];

    /// <summary>FaceMesh's face flag for the region, 0 to 1.</summary>
    public float Score(int face) => _scores[face];

    /// <summary>Whether the flag was high enough for the landmarks to count.</summary>
    public bool IsValid(int face) => _valid[face];

    /// <summary>The region the landmarks were read from.</summary>
    public ImageRegion Region(int face) => _regions[face];

    /// <summary>Landmark i is (x, y, z) at [3i], [3i + 1], [3i + 2].</summary>
    public ReadOnlySpan<float> Points(int face) => _points[face];

    internal Span<float> WritablePoints(int face) => _points[face];

    internal void Set(int face, int trackId, float score, bool valid, ImageRegion region)
    {
        _trackIds[face] = trackId;
        _scores[face] = score;
        _valid[face] = valid;
        _regions[face] = region;
    }
}
