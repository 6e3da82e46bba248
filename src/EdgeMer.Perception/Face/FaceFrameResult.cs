namespace EdgeMer.Perception.Face;

/// <summary>What the face pipeline found in one frame: a reading per followed face. Reused for every frame.</summary>
public sealed class FaceFrameResult
{
    private readonly FaceReading[] _faces;

    public FaceFrameResult(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _faces = new FaceReading[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _faces[i] = new FaceReading();
        }
    }

    public TimeSpan CaptureTime { get; internal set; }

    public long Sequence { get; internal set; }

    public int Width { get; internal set; }

    public int Height { get; internal set; }

    /// <summary>Faces read this frame.</summary>
    public int Count { get; internal set; }

    public FaceReading this[int index] => (uint)index < (uint)Count ? _faces[index] : throw new ArgumentOutOfRangeException(nameof(index), index, $"the frame has {Count} faces");

    /// <summary>Whether the detector ran on this frame (else the tracks followed their landmarks).</summary>
    public bool Detected { get; internal set; }

    /// <summary>Whether the emotion model ran on this frame (else each face keeps its last distribution).</summary>
    public bool EmotionsRan { get; internal set; }

    /// <summary>Time this frame spent in tracking, measurements and observations, in Stopwatch ticks (the stages time themselves).</summary>
    public long PostprocessTicks { get; internal set; }

    internal FaceReading Slot(int index) => _faces[index];
}
