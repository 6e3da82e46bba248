using EdgeMer.Perception.Body;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// A walker seen from the side, facing and moving right, built from Winter's segment proportions of body
/// height H (trunk 0.288, thigh 0.245, shank 0.246, upper arm 0.186, forearm 0.146): the legs swing
/// in antiphase at the stride frequency (cadence / 120 Hz) with an amplitude that makes the given
/// stride, the knees bend in swing, the arms swing against the legs by the given amplitude about the
/// trunk line, the trunk leans and the head pitches by the given angles, and the shoulders sway about
/// the hips' steady progress. Sitting puts the thighs level and the shanks upright; a speed of zero with
/// no cadence stands still.
/// </summary>
internal sealed record KinematicWalker(
    float Speed = 0.75f,
    float Cadence = 110f,
    float ArmSwingDegrees = 20f,
    float LeanDegrees = 5f,
    float HeadPitchDegrees = 0f,
    float Sway = 0f,
    bool Sitting = false,
    float HeightPixels = 300f)
{
    public const float Trunk = 0.288f, Thigh = 0.245f, Shank = 0.246f, UpperArm = 0.186f, Forearm = 0.146f;
    private const float Neck = 0.11f, Head = 0.05f, ElbowFlex = 15f, KneeFlex = 35f;

    /// <summary>Steps per minute: none when standing or sitting.</summary>
    public bool Walks => !Sitting && Cadence > 0;

    /// <summary>Stride length in body heights: speed over stride frequency.</summary>
    public float Stride => Walks ? Speed * 120f / Cadence : 0f;

    /// <summary>Fills <paramref name="pose"/> with the walker at <paramref name="time"/>, each coordinate off by Gaussian noise of <paramref name="noise"/> H.</summary>
    public void Place(BodyPose pose, TimeSpan time, Random random, float noise = 0f, float score = 0.9f)
    {
        double t = time.TotalSeconds;
        float h = HeightPixels;
        double phase = Walks ? 2 * Math.PI * (Cadence / 120.0) * t : 0;
        float sin = (float)Math.Sin(phase);
        float lean = Radians(LeanDegrees);

        float hipX = 40f + (float)(Speed * h * t);
        float hipY = 40f + ((1 - 0.53f) * h) - (Walks ? 0.01f * h * (float)Math.Cos(2 * phase) : 0f);
        if (Sitting)
        {
            hipY = 40f + (0.7f * h);
        }

        // Leg swing amplitude: the feet reach a quarter stride either side of the hips.
        float reach = Math.Min(0.8f, Stride / (4 * (Thigh + Shank)));
        float swing = (float)Math.Asin(reach);
        for (int side = 0; side < 2; side++)
        {
            float thigh, shank;
            if (Sitting)
            {
                thigh = Radians(90);
                shank = 0;
            }
            else
            {
                float legSin = side == 0 ? sin : -sin;
                thigh = swing * legSin;
                float swingPhase = (float)Math.Cos(phase + (side == 0 ? 0 : Math.PI));
                shank = thigh - (Walks ? Radians(KneeFlex) * Math.Max(0f, swingPhase) : 0f);
            }

            float kneeX = hipX + (Thigh * h * MathF.Sin(thigh)), kneeY = hipY + (Thigh * h * MathF.Cos(thigh));
            float ankleX = kneeX + (Shank * h * MathF.Sin(shank)), ankleY = kneeY + (Shank * h * MathF.Cos(shank));
            Set(pose, BodyKeypoint.LeftHip + side, hipX, hipY);
            Set(pose, BodyKeypoint.LeftKnee + side, kneeX, kneeY);
            Set(pose, BodyKeypoint.LeftAnkle + side, ankleX, ankleY);
        }

        float swayX = Sway * h * sin;
        float shoulderX = hipX + (Trunk * h * MathF.Sin(lean)) + swayX, shoulderY = hipY - (Trunk * h * MathF.Cos(lean));
        for (int side = 0; side < 2; side++)
        {
            // The left arm swings forward with the right leg.
            float arm = -lean + (Radians(ArmSwingDegrees) * (side == 0 ? -sin : sin));
            float elbowX = shoulderX + (UpperArm * h * MathF.Sin(arm)), elbowY = shoulderY + (UpperArm * h * MathF.Cos(arm));
            float fore = arm + Radians(ElbowFlex);
            Set(pose, BodyKeypoint.LeftShoulder + side, shoulderX, shoulderY);
            Set(pose, BodyKeypoint.LeftElbow + side, elbowX, elbowY);
            Set(pose, BodyKeypoint.LeftWrist + side, elbowX + (Forearm * h * MathF.Sin(fore)), elbowY + (Forearm * h * MathF.Cos(fore)));
        }

        float earX = shoulderX + (Neck * h * MathF.Sin(lean)), earY = shoulderY - (Neck * h * MathF.Cos(lean));
        float pitch = Radians(HeadPitchDegrees), eye = pitch + Radians(20);
        Set(pose, BodyKeypoint.LeftEar, earX, earY);
        Set(pose, BodyKeypoint.RightEar, earX, earY);
        Set(pose, BodyKeypoint.Nose, earX + (Head * h * MathF.Cos(pitch)), earY - (Head * h * MathF.Sin(pitch)));
        Set(pose, BodyKeypoint.LeftEye, earX + (0.04f * h * MathF.Cos(eye)), earY - (0.04f * h * MathF.Sin(eye)));
        Set(pose, BodyKeypoint.RightEye, earX + (0.04f * h * MathF.Cos(eye)), earY - (0.04f * h * MathF.Sin(eye)));

        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            pose.X[k] += noise * h * Gaussian(random);
            pose.Y[k] += noise * h * Gaussian(random);
            pose.Score[k] = score;
        }

        pose.CaptureTime = time;
    }

    /// <summary>The walker's gait window after <paramref name="seconds"/> at <paramref name="framesPerSecond"/>, measured.</summary>
    public GaitFeatures Measure(double seconds = 5, double framesPerSecond = 30, float noise = 0.002f, int seed = 1, Action<BodyPose>? occlude = null)
    {
        var window = new GaitWindow(512, TimeSpan.FromSeconds(4));
        var pose = new BodyPose();
        var random = new Random(seed);
        for (int i = 0; i < seconds * framesPerSecond; i++)
        {
            Place(pose, TimeSpan.FromSeconds(i / framesPerSecond), random, noise);
            occlude?.Invoke(pose);
            window.Add(pose, 0.3f);
        }

        return window.Measure();
    }

    private static void Set(BodyPose pose, BodyKeypoint keypoint, float x, float y) => pose.Set(keypoint, x, y, 0.9f);

    private static float Radians(float degrees) => degrees * MathF.PI / 180f;

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
