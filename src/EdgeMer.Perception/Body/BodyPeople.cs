namespace EdgeMer.Perception.Body;

/// <summary>
/// The people a several-person pose model found in one frame: up to <see cref="Capacity"/>, each a pose,
/// a box (left, top, right, bottom in image pixels) and the box's score, best first. Allocated once and
/// refilled.
/// </summary>
public sealed class BodyPeople
{
    /// <summary>How many people a frame can hold (MoveNet MultiPose gives six).</summary>
    public const int Capacity = 6;

    private readonly BodyPose[] _poses = new BodyPose[Capacity];
    private readonly float[] _boxes = new float[Capacity * 4];
    private readonly float[] _scores = new float[Capacity];

    public BodyPeople()
    {
        for (int i = 0; i < Capacity; i++)
        {
            _poses[i] = new BodyPose();
        }
    }

    /// <summary>People found in the frame.</summary>
    public int Count { get; private set; }

    /// <summary>Capture time of the frame.</summary>
    public TimeSpan CaptureTime { get; set; }

    /// <summary>Person <paramref name="index"/>'s pose.</summary>
    public BodyPose Pose(int index) => _poses[Check(index)];

    /// <summary>Person <paramref name="index"/>'s box in image pixels.</summary>
    public (float Left, float Top, float Right, float Bottom) Box(int index)
    {
        int at = Check(index) * 4;
        return (_boxes[at], _boxes[at + 1], _boxes[at + 2], _boxes[at + 3]);
    }

    /// <summary>Person <paramref name="index"/>'s box score, 0 to 1.</summary>
    public float Score(int index) => _scores[Check(index)];

    internal void Clear() => Count = 0;

    /// <summary>The next person's pose to fill; <see cref="Add"/> keeps it.</summary>
    internal BodyPose Next => _poses[Count];

    internal void Add(float left, float top, float right, float bottom, float score)
    {
        int at = Count * 4;
        _boxes[at] = left;
        _boxes[at + 1] = top;
        _boxes[at + 2] = right;
        _boxes[at + 3] = bottom;
        _scores[Count] = score;
        Count++;
    }

    private int Check(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index;
    }
}
