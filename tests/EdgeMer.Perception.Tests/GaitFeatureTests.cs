using EdgeMer.Perception.Body;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// The gait window on kinematic walkers whose parameters are known by construction (30 poses per
/// second, keypoints off by Gaussian noise of 0.2 % of body height, a 4 s window). Tolerances: speed and
/// body height 5 %, cadence 3 %, stride 8 %, arm swing 2.5°, trunk lean 1.5°, head pitch 3°, sway 0.005 H.
/// </summary>
public sealed class GaitFeatureTests
{
    public static TheoryData<float, float, float, float, float> Walkers => new()
    {
        // speed (H/s), cadence (steps/min), arm swing (°), lean (°), head pitch (°)
        { 0.40f, 85f, 8f, 18f, -25f },
        { 0.75f, 110f, 20f, 5f, 0f },
        { 1.10f, 130f, 32f, 0f, 8f },
        { 0.60f, 150f, 15f, 10f, -10f },
    };

    [Theory]
    [MemberData(nameof(Walkers))]
    public void A_walkers_gait_and_posture_are_recovered_within_the_stated_tolerances(float speed, float cadence, float armSwing, float lean, float headPitch)
    {
        var walker = new KinematicWalker(speed, cadence, armSwing, lean, headPitch);
        GaitFeatures features = walker.Measure();

        Assert.Equal(BodyActivity.Walking, features.Activity);
        AssertWithin(walker.HeightPixels, features.BodyHeightPixels, 0.05f * walker.HeightPixels, "body height");
        AssertWithin(speed, features.Speed, 0.05f * speed, "speed");
        AssertWithin(cadence, features.Cadence, 0.03f * cadence, "cadence");
        AssertWithin(walker.Stride, features.StrideLength, 0.08f * walker.Stride, "stride");
        AssertWithin(armSwing, features.ArmSwingDegrees, 2.5f, "arm swing");
        AssertWithin(lean, features.TrunkLeanDegrees, 1.5f, "trunk lean");
        AssertWithin(headPitch, features.HeadPitchDegrees, 3f, "head pitch");
        Assert.Equal(1f, features.Visibility);
    }

    [Fact]
    public void With_heels_seen_the_stride_is_read_from_them_even_where_the_ankles_are_not()
    {
        // A model with feet (BlazePose): heels a little behind and below each ankle, along the shank;
        // the ankles themselves hidden, so cadence can come only from the heels.
        var walker = new KinematicWalker(0.75f, 110f, 20f, 5f, 0f);
        GaitFeatures ankles = walker.Measure();
        GaitFeatures heels = walker.Measure(occlude: pose =>
        {
            foreach ((BodyKeypoint knee, BodyKeypoint ankle, BodyFootPoint heel) in (ReadOnlySpan<(BodyKeypoint, BodyKeypoint, BodyFootPoint)>)
                [(BodyKeypoint.LeftKnee, BodyKeypoint.LeftAnkle, BodyFootPoint.LeftHeel), (BodyKeypoint.RightKnee, BodyKeypoint.RightAnkle, BodyFootPoint.RightHeel)])
            {
                (float kx, float ky) = pose[knee];
                (float ax, float ay) = pose[ankle];
                pose.SetFoot(heel, ax + (0.15f * (ax - kx)) - 2f, ay + (0.15f * (ay - ky)), 0.9f);
                pose.Score[(int)ankle] = 0.1f;
            }

            pose.HasFeet = true;
        });
        GaitFeatures hidden = walker.Measure(occlude: pose =>
        {
            pose.Score[(int)BodyKeypoint.LeftAnkle] = 0.1f;
            pose.Score[(int)BodyKeypoint.RightAnkle] = 0.1f;
        });

        Assert.False(ankles.StrideFromHeels);
        Assert.True(heels.StrideFromHeels);
        AssertWithin(110f, heels.Cadence, 0.03f * 110f, "cadence from the heels");
        Assert.Equal(BodyActivity.Walking, heels.Activity);
        Assert.Null(hidden.Cadence);
    }

    [Theory]
    [InlineData(0.01f)]
    [InlineData(0.03f)]
    public void Sway_of_the_shoulders_about_the_hips_progress_is_recovered(float sway)
    {
        GaitFeatures features = new KinematicWalker(Sway: sway).Measure();
        AssertWithin(sway, features.Sway, 0.005f, "sway");
    }

    [Fact]
    public void A_walker_walking_left_leans_forward_to_the_left()
    {
        // Mirror the walker: the lean and pitch are read towards where the nose points.
        var walker = new KinematicWalker(LeanDegrees: 12f, HeadPitchDegrees: -15f);
        var window = new GaitWindow(512, TimeSpan.FromSeconds(4));
        var pose = new BodyPose();
        var random = new Random(3);
        for (int i = 0; i < 150; i++)
        {
            walker.Place(pose, TimeSpan.FromSeconds(i / 30.0), random, 0.002f);
            for (int k = 0; k < BodyPose.KeypointCount; k++)
            {
                pose.X[k] = 2000 - pose.X[k];
            }

            window.Add(pose, 0.3f);
        }

        GaitFeatures features = window.Measure();
        AssertWithin(12f, features.TrunkLeanDegrees, 1.5f, "trunk lean");
        AssertWithin(-15f, features.HeadPitchDegrees, 3f, "head pitch");
        AssertWithin(0.75f, features.Speed, 0.04f, "speed");
    }

    [Fact]
    public void Standing_still_is_standing_without_cadence()
    {
        GaitFeatures features = new KinematicWalker(Speed: 0, Cadence: 0, ArmSwingDegrees: 0).Measure();
        Assert.Equal(BodyActivity.Standing, features.Activity);
        Assert.Null(features.Cadence);
        Assert.Null(features.StrideLength);
        Assert.InRange(features.Speed!.Value, 0f, 0.02f);
        Assert.InRange(features.ArmSwingDegrees!.Value, 0f, 1.5f);
    }

    [Fact]
    public void Thighs_held_level_are_sitting()
    {
        GaitFeatures features = new KinematicWalker(Speed: 0, Cadence: 0, ArmSwingDegrees: 0, Sitting: true).Measure();
        Assert.Equal(BodyActivity.Sitting, features.Activity);
        AssertWithin(300f, features.BodyHeightPixels, 15f, "body height");
    }

    [Fact]
    public void Wider_arm_swing_expands_the_posture_and_faster_steps_raise_the_jerk()
    {
        GaitFeatures narrow = new KinematicWalker(ArmSwingDegrees: 8f).Measure(noise: 0);
        GaitFeatures wide = new KinematicWalker(ArmSwingDegrees: 35f).Measure(noise: 0);
        Assert.True(wide.Expansion > narrow.Expansion, $"expansion {wide.Expansion} with 35° of arm swing, {narrow.Expansion} with 8°");

        GaitFeatures slow = new KinematicWalker(Speed: 0.5f, Cadence: 90f).Measure(noise: 0);
        GaitFeatures fast = new KinematicWalker(Speed: 1.0f, Cadence: 140f).Measure(noise: 0);
        GaitFeatures still = new KinematicWalker(Speed: 0, Cadence: 0, ArmSwingDegrees: 0).Measure(noise: 0);
        Assert.True(fast.Jerk > 2 * slow.Jerk, $"jerk {fast.Jerk} H/s³ at 140 steps/min, {slow.Jerk} at 90");
        Assert.InRange(still.Jerk!.Value, 0f, 1e-3f);
    }

    [Fact]
    public void Unseen_joints_are_left_out_of_what_they_measure()
    {
        // The head hidden: no head pitch (and facing comes from the hips' drift); the gait is still read.
        GaitFeatures features = new KinematicWalker().Measure(occlude: pose =>
        {
            for (int k = (int)BodyKeypoint.Nose; k <= (int)BodyKeypoint.RightEar; k++)
            {
                pose.Score[k] = 0.1f;
                pose.X[k] = pose.Y[k] = 0;
            }
        });

        Assert.Null(features.HeadPitchDegrees);
        AssertWithin(5f, features.TrunkLeanDegrees, 1.5f, "trunk lean");
        AssertWithin(110f, features.Cadence, 3.3f, "cadence");
        AssertWithin(12f / 17f, features.Visibility, 1e-3f, "visibility");
    }

    [Fact]
    public void Without_whole_legs_the_body_height_comes_from_the_trunk()
    {
        GaitFeatures features = new KinematicWalker(Speed: 0, Cadence: 0, ArmSwingDegrees: 0, LeanDegrees: 10f).Measure(occlude: pose =>
        {
            pose.Score[(int)BodyKeypoint.LeftKnee] = pose.Score[(int)BodyKeypoint.RightKnee] = 0.1f;
        });

        AssertWithin(300f, features.BodyHeightPixels, 15f, "body height");
        Assert.Equal(BodyActivity.Standing, features.Activity);
    }

    [Fact]
    public void A_person_facing_the_camera_gets_no_head_pitch()
    {
        // A still person seen from the front, the head turned a little (the nose 8 px, 3 % of H, right of
        // the shoulders' middle): the shoulders spread across the image say this is no profile, so where the
        // nose points, and with it pitch and the sign of the lean, cannot be told.
        var window = new GaitWindow(64, TimeSpan.FromSeconds(4));
        var pose = new BodyPose();
        for (int i = 0; i < 40; i++)
        {
            float nod = 2 * MathF.Sin(i / 5f);
            pose.Set(BodyKeypoint.Nose, 158, 60 + nod, 0.9f);
            pose.Set(BodyKeypoint.LeftEye, 165, 52 + nod, 0.9f);
            pose.Set(BodyKeypoint.RightEye, 150, 52 + nod, 0.9f);
            pose.Set(BodyKeypoint.LeftEar, 170, 58, 0.9f);
            pose.Set(BodyKeypoint.RightEar, 130, 58, 0.9f);
            pose.Set(BodyKeypoint.LeftShoulder, 190, 100, 0.9f);
            pose.Set(BodyKeypoint.RightShoulder, 110, 100, 0.9f);
            pose.Set(BodyKeypoint.LeftElbow, 195, 150, 0.9f);
            pose.Set(BodyKeypoint.RightElbow, 105, 150, 0.9f);
            pose.Set(BodyKeypoint.LeftWrist, 197, 195, 0.9f);
            pose.Set(BodyKeypoint.RightWrist, 103, 195, 0.9f);
            pose.Set(BodyKeypoint.LeftHip, 170, 186, 0.9f);
            pose.Set(BodyKeypoint.RightHip, 130, 186, 0.9f);
            pose.Set(BodyKeypoint.LeftKnee, 168, 259, 0.9f);
            pose.Set(BodyKeypoint.RightKnee, 132, 259, 0.9f);
            pose.Set(BodyKeypoint.LeftAnkle, 167, 333, 0.9f);
            pose.Set(BodyKeypoint.RightAnkle, 133, 333, 0.9f);
            pose.CaptureTime = TimeSpan.FromSeconds(i / 10.0);
            window.Add(pose, 0.3f);
        }

        GaitFeatures features = window.Measure();
        Assert.Null(features.HeadPitchDegrees);
        Assert.Equal(BodyActivity.Standing, features.Activity);
        AssertWithin(0f, features.TrunkLeanDegrees, 0.5f, "trunk lean");
    }

    [Fact]
    public void A_window_shorter_than_a_stride_finds_no_cadence()
    {
        GaitFeatures features = new KinematicWalker().Measure(seconds: 0.8);
        Assert.Null(features.Cadence);
        Assert.NotEqual(BodyActivity.Walking, features.Activity);
    }

    internal static void AssertWithin(float expected, float? actual, float tolerance, string what)
    {
        Assert.True(actual is not null, $"{what} was not measured");
        Assert.True(MathF.Abs(actual!.Value - expected) <= tolerance, $"{what}: {actual:F4}, expected {expected:F4} ± {tolerance:F4}");
    }
}
