using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>
/// The face regions the landmark and emotion stages crop, one per tracked face with its anonymous
/// track id: a snapshot the tracker fills, so a stage on another thread reads it without touching the
/// tracks. Fixed capacity; reused.
/// </summary>
public sealed class FaceRegions
{
    private readonly int[] _trackIds;
    private readonly ImageRegion[] _regions;

    public FaceRegions(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _trackIds = new int[capacity];
        _regions = new ImageRegion[capacity];
    }

    public int Capacity => _trackIds.Length;

    public int Count { get; private set; }

    public ReadOnlySpan<int> TrackIds => _trackIds.AsSpan(0, Count);

    public ReadOnlySpan<ImageRegion> Regions => _regions.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>Adds a region; false when the snapshot is full.</summary>
    public bool Add(int trackId, ImageRegion region)
    {
        if (Count == _trackIds.Length)
        {
            return false;
        }

        _trackIds[Count] = trackId;
        _regions[Count] = region;
        Count++;
        return true;
    }
}
