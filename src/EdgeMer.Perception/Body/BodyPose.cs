namespace EdgeMer.Perception.Body;

/// <summary>
/// One person's 17 COCO keypoints at one moment, in image pixels (y down), each with a confidence from
/// 0 to 1, and the heels and toes when the model gives them (<see cref="HasFeet"/>: BlazePose). Allocated
/// once and refilled, so poses flow through the pipeline without allocating.
/// </summary>
public sealed class BodyPose
{
    /// <summary>How many keypoints a pose has (COCO's 17).</summary>
    public const int KeypointCount = 17;

    /// <summary>How many foot points a pose with feet has (<see cref="BodyFootPoint"/>).</summary>
    public const int FootPointCount = 4;

    private readonly float[] _x = new float[KeypointCount], _y = new float[KeypointCount], _score = new float[KeypointCount];
    private readonly float[] _footX = new float[FootPointCount], _footY = new float[FootPointCount], _footScore = new float[FootPointCount];

    /// <summary>Capture time of the frame (or skeleton) the pose was read from.</summary>
    public TimeSpan CaptureTime { get; set; }

    /// <summary>Horizontal positions in image pixels.</summary>
    public Span<float> X => _x;

    /// <summary>Vertical positions in image pixels, y pointing down.</summary>
    public Span<float> Y => _y;

    /// <summary>Each keypoint's confidence, 0 to 1.</summary>
    public Span<float> Score => _score;

    /// <summary>Whether the pose has heels and toes (a model that gives them); without, the foot points are zero and unseen.</summary>
    public bool HasFeet { get; set; }

    /// <summary>Heels' and toes' horizontal positions in image pixels (<see cref="BodyFootPoint"/> order).</summary>
    public Span<float> FootX => _footX;

    /// <summary>Heels' and toes' vertical positions in image pixels.</summary>
    public Span<float> FootY => _footY;

    /// <summary>Heels' and toes' confidence, 0 to 1 (0 without feet).</summary>
    public Span<float> FootScore => _footScore;

    public (float X, float Y) this[BodyKeypoint keypoint] => (_x[(int)keypoint], _y[(int)keypoint]);

    public (float X, float Y) this[BodyFootPoint point] => (_footX[(int)point], _footY[(int)point]);

    public float ScoreOf(BodyFootPoint point) => _footScore[(int)point];

    public void SetFoot(BodyFootPoint point, float x, float y, float score)
    {
        _footX[(int)point] = x;
        _footY[(int)point] = y;
        _footScore[(int)point] = score;
    }

    /// <summary>Marks the pose as one without feet and clears the foot points.</summary>
    public void ClearFeet()
    {
        HasFeet = false;
        Array.Clear(_footX);
        Array.Clear(_footY);
        Array.Clear(_footScore);
    }

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
        _footX.CopyTo(other._footX, 0);
        _footY.CopyTo(other._footY, 0);
        _footScore.CopyTo(other._footScore, 0);
        other.HasFeet = HasFeet;
        other.CaptureTime = CaptureTime;
    }
}
