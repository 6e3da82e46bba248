using EdgeMer.Perception.Body;
using EdgeMer.Perception.Face;

namespace EdgeMer.Perception;

/// <summary>
/// Gives a body the face track of the same person, so one person's face, body (and voice, when they
/// are alone) meet in one summary. The face stage hands over each frame's faces; the body stage asks,
/// for the head keypoints of a body (nose, eyes, ears), which face box holds the most of their
/// confidence. MoveNet is often unsure of a face's points on a head-and-shoulders view (0.1 to 0.3 each)
/// while placing them right, so weak keypoints count, weighted by their confidence. Nothing is matched across frames further apart than
/// <see cref="MaxFrameGap"/> (a face moves), and no identity is involved: the match is geometric, the
/// tracks stay anonymous. The two stages run on their own threads; the hand-over is locked and
/// allocates nothing.
/// </summary>
public sealed class FaceBodyMatcher
{
    private static readonly BodyKeypoint[] s_head = [BodyKeypoint.Nose, BodyKeypoint.LeftEye, BodyKeypoint.RightEye, BodyKeypoint.LeftEar, BodyKeypoint.RightEar];

    private readonly Lock _gate = new();
    private readonly FaceBox[] _boxes;
    private readonly int[] _tracks;
    private int _count;
    private TimeSpan _captureTime;
    private bool _any;

    public FaceBodyMatcher(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _boxes = new FaceBox[capacity];
        _tracks = new int[capacity];
    }

    /// <summary>The most capture time between the faces' frame and the body's for a match. Default 300 ms.</summary>
    public TimeSpan MaxFrameGap { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The least confidence for a head keypoint to count at all. Default 0.1.</summary>
    public float MinKeypointScore { get; init; } = 0.1f;

    /// <summary>The least summed confidence of the head keypoints inside a face box for a match. Default 0.3 (one keypoint as sure as MoveNet's threshold for a visible joint, or several less sure).</summary>
    public float MinHeadConfidence { get; init; } = 0.3f;

    /// <summary>How far around the face box a head keypoint may fall, as a share of the box's size (ears sit at its edge). Default 0.25.</summary>
    public float Margin { get; init; } = 0.25f;

    /// <summary>The faces of the newest frame the face stage read.</summary>
    public void SetFaces(FaceFrameResult faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        lock (_gate)
        {
            _count = Math.Min(faces.Count, _boxes.Length);
            for (int i = 0; i < _count; i++)
            {
                _boxes[i] = faces[i].Box;
                _tracks[i] = faces[i].TrackId;
            }

            _captureTime = faces.CaptureTime;
            _any = true;
        }
    }

    /// <summary>The faces are gone (the video source stopped): nothing matches until the next frame's faces.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _count = 0;
            _any = false;
        }
    }

    /// <summary>
    /// The face track whose box holds the most confidence of <paramref name="pose"/>'s head keypoints, at
    /// least <see cref="MinHeadConfidence"/> (ties go to the box whose centre is nearest the keypoints'
    /// weighted centre), or null when no face frame is recent enough or no box holds enough.
    /// </summary>
    public int? Match(BodyPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        lock (_gate)
        {
            if (!_any || (pose.CaptureTime - _captureTime).Duration() > MaxFrameGap)
            {
                return null;
            }

            float sumX = 0, sumY = 0, sum = 0;
            foreach (BodyKeypoint keypoint in s_head)
            {
                float score = pose.ScoreOf(keypoint);
                if (score >= MinKeypointScore)
                {
                    (float x, float y) = pose[keypoint];
                    sumX += score * x;
                    sumY += score * y;
                    sum += score;
                }
            }

            if (sum < MinHeadConfidence)
            {
                return null;
            }

            float headX = sumX / sum, headY = sumY / sum;
            int best = -1;
            float bestConfidence = 0, bestDistance = float.MaxValue;
            for (int i = 0; i < _count; i++)
            {
                FaceBox box = _boxes[i];
                float mx = box.Width * Margin, my = box.Height * Margin;
                float inside = 0;
                foreach (BodyKeypoint keypoint in s_head)
                {
                    (float x, float y) = pose[keypoint];
                    float score = pose.ScoreOf(keypoint);
                    if (score >= MinKeypointScore && x >= box.Left - mx && x <= box.Right + mx && y >= box.Top - my && y <= box.Bottom + my)
                    {
                        inside += score;
                    }
                }

                float dx = box.CenterX - headX, dy = box.CenterY - headY;
                float distance = (dx * dx) + (dy * dy);
                if (inside >= MinHeadConfidence && (inside > bestConfidence || (inside == bestConfidence && distance < bestDistance)))
                {
                    best = i;
                    bestConfidence = inside;
                    bestDistance = distance;
                }
            }

            return best >= 0 ? _tracks[best] : null;
        }
    }
}
