namespace EdgeMer.Perception.Body;

/// <summary>
/// One person's 17 COCO keypoints at one moment, in image pixels (y down), each with a confidence from
/// 0 to 1. Allocated once and refilled, so poses flow through the pipeline without allocating.
/// </summary>
public sealed class BodyPose
{
    /// <summary>How many keypoints a pose has (COCO's 17).</summary>
    public const int KeypointCount = 17;

    private readonly float[] _x = new float[KeypointCount], _y = new float[KeypointCount], _score = new float[KeypointCount];

    /// <summary>Capture time of the frame (or skeleton) the pose was read from.</summary>
    public TimeSpan CaptureTime { get; set; }

    /// <summary>Horizontal positions in image pixels.</summary>
    public Span<float> X => _x;

    /// <summary>Vertical positions in image pixels, y pointing down.</summary>
    public Span<float> Y => _y;

    /// <summary>Each keypoint's confidence, 0 to 1.</summary>
    public Span<float> Score => _score;

    public (float X, float Y) this[BodyKeypoint keypoint] => (_x[(int)keypoint], _y[(int)keypoint]);

    public float ScoreOf(BodyKeypoint keypoint) => _score[(int)keypoint];

    /// <summary>Mean confidence of the 17 keypoints.</summary>
    public float MeanScore
    {
        get
        {
            float sum = 0;
            for (int i = 0; i < KeypointCount; i++)
            {
                sum += _score[i];
            }

            return sum / KeypointCount;
        }
    }

    public void Set(BodyKeypoint keypoint, float x, float y, float score)
    {
        _x[(int)keypoint] = x;
        _y[(int)keypoint] = y;
        _score[(int)keypoint] = score;
    }

    public void CopyTo(BodyPose other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _x.CopyTo(other._x, 0);
        _y.CopyTo(other._y, 0);
        _score.CopyTo(other._score, 0);
        other.CaptureTime = CaptureTime;
    }
}
