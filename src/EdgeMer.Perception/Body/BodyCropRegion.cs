using EdgeMer.Imaging;

namespace EdgeMer.Perception.Body;

/// <summary>
/// Where MoveNet looks next, after the cropping algorithm of MoveNet's own tutorial (TensorFlow Hub,
/// "MoveNet: Ultra fast and accurate pose detection model", <c>determine_crop_region</c>): while the
/// torso is seen, a square centred on the hips, half as wide as the larger of 1.9 times the torso's
/// reach from that centre and 1.2 times the whole body's, limited to the frame's extent around the
/// centre; otherwise (or when that square would exceed the frame) the whole frame padded square.
/// </summary>
public static class BodyCropRegion
{
    private static readonly BodyKeypoint[] s_torso = [BodyKeypoint.LeftShoulder, BodyKeypoint.RightShoulder, BodyKeypoint.LeftHip, BodyKeypoint.RightHip];

    /// <summary>The whole <paramref name="width"/> × <paramref name="height"/> frame, centred in a square (the bars black).</summary>
    public static ImageRegion Initial(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        float side = Math.Max(width, height);
        return new ImageRegion(width / 2f, height / 2f, side, side);
    }

    /// <summary>
    /// The crop for the frame after the one <paramref name="pose"/> was read from: keypoints count as seen
    /// at or above <paramref name="minScore"/> (the tutorial's 0.2).
    /// </summary>
    public static ImageRegion Next(BodyPose pose, int width, int height, float minScore = 0.2f)
    {
        ArgumentNullException.ThrowIfNull(pose);
        bool shoulders = pose.ScoreOf(BodyKeypoint.LeftShoulder) >= minScore || pose.ScoreOf(BodyKeypoint.RightShoulder) >= minScore;
        bool hips = pose.ScoreOf(BodyKeypoint.LeftHip) >= minScore || pose.ScoreOf(BodyKeypoint.RightHip) >= minScore;
        if (!shoulders || !hips)
        {
            return Initial(width, height);
        }

        (float lx, float ly) = pose[BodyKeypoint.LeftHip];
        (float rx, float ry) = pose[BodyKeypoint.RightHip];
        float cx = (lx + rx) / 2, cy = (ly + ry) / 2;
        float torsoX = 0, torsoY = 0, bodyX = 0, bodyY = 0;
        foreach (BodyKeypoint k in s_torso)
        {
            (float x, float y) = pose[k];
            torsoX = Math.Max(torsoX, Math.Abs(cx - x));
            torsoY = Math.Max(torsoY, Math.Abs(cy - y));
        }

        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            if (pose.Score[k] >= minScore)
            {
                bodyX = Math.Max(bodyX, Math.Abs(cx - pose.X[k]));
                bodyY = Math.Max(bodyY, Math.Abs(cy - pose.Y[k]));
            }
        }

        float half = Math.Max(Math.Max(torsoX * 1.9f, torsoY * 1.9f), Math.Max(bodyX * 1.2f, bodyY * 1.2f));
        half = Math.Min(half, Math.Max(Math.Max(cx, width - cx), Math.Max(cy, height - cy)));
        if (!(half > 1f) || half > Math.Max(width, height) / 2f)
        {
            return Initial(width, height);
        }

        return new ImageRegion(cx, cy, 2 * half, 2 * half);
    }
}
