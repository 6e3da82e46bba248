using EdgeMer.Affect;
using EdgeMer.Perception.Body;

namespace EdgeMer.Perception.Tests;

/// <summary>Tracks, smoothing, confidence handling and observations of the body tracker, on kinematic walkers.</summary>
public sealed class BodyTrackerTests
{
    [Fact]
    public void One_euro_smoothing_steadies_a_still_keypoint_and_follows_a_moving_one()
    {
        var tracker = new BodyTracker();
        var walker = new KinematicWalker(Speed: 0, Cadence: 0, ArmSwingDegrees: 0);
        var pose = new BodyPose();
        var random = new Random(7);
        double rawSquares = 0, smoothSquares = 0;
        var reference = new BodyPose();
        for (int i = 0; i < 90; i++)
        {
            TimeSpan time = TimeSpan.FromSeconds(i / 30.0);
            walker.Place(reference, time, random);
            walker.Place(pose, time, random, noise: 0.01f);
            BodyTrack track = tracker.Update(0, pose)!;
            if (i >= 30)
            {
                rawSquares += Square(pose.X[0] - reference.X[0]);
                smoothSquares += Square(track.Pose.X[0] - reference.X[0]);
            }
        }

        Assert.True(smoothSquares < rawSquares / 4, $"smoothed error {Math.Sqrt(smoothSquares / 60):F2} px, raw {Math.Sqrt(rawSquares / 60):F2} px");

        // A brisk walker: the smoothed hips stay within 4 % of body height of the true ones.
        var moving = new BodyTracker();
        var fast = new KinematicWalker(Speed: 1.2f, Cadence: 130f);
        float worst = 0;
        for (int i = 0; i < 90; i++)
        {
            TimeSpan time = TimeSpan.FromSeconds(i / 30.0);
            fast.Place(pose, time, random);
            BodyTrack track = moving.Update(0, pose)!;
            if (i >= 15)
            {
                worst = MathF.Max(worst, MathF.Abs(track.Pose.X[(int)BodyKeypoint.LeftHip] - pose.X[(int)BodyKeypoint.LeftHip]));
            }
        }

        Assert.True(worst < 0.04f * fast.HeightPixels, $"smoothed hip lags by up to {worst:F1} px");
    }

    [Fact]
    public void An_occluded_joint_holds_its_place_and_is_not_counted_as_seen()
    {
        var tracker = new BodyTracker();
        var walker = new KinematicWalker();
        var pose = new BodyPose();
        var random = new Random(1);
        walker.Place(pose, TimeSpan.Zero, random);
        BodyTrack track = tracker.Update(0, pose)!;
        float wristX = track.Pose.X[(int)BodyKeypoint.LeftWrist];

        walker.Place(pose, TimeSpan.FromSeconds(1 / 30.0), random);
        pose.Set(BodyKeypoint.LeftWrist, 0, 0, 0.1f);
        tracker.Update(0, pose);

        Assert.Equal(wristX, track.Pose.X[(int)BodyKeypoint.LeftWrist]);
        Assert.Equal(0.1f, track.Pose.ScoreOf(BodyKeypoint.LeftWrist));
        Assert.Equal((16f / 17f + 1f) / 2f, track.Features.Visibility, 4);
    }

    [Fact]
    public void A_track_ends_after_the_person_is_missed_and_the_next_person_is_a_new_track()
    {
        var tracker = new BodyTracker(new BodyTrackingOptions { MaxMissedPoses = 2 });
        var walker = new KinematicWalker();
        var pose = new BodyPose();
        var nobody = new BodyPose();
        var random = new Random(1);
        walker.Place(pose, TimeSpan.Zero, random);
        Assert.Equal(0, tracker.Update(0, pose)!.Id);

        Assert.Null(tracker.Update(0, nobody));
        Assert.Null(tracker.Update(0, nobody));
        walker.Place(pose, TimeSpan.FromSeconds(0.1), random);
        Assert.Equal(0, tracker.Update(0, pose)!.Id);

        for (int i = 0; i < 3; i++)
        {
            Assert.Null(tracker.Update(0, nobody));
        }

        walker.Place(pose, TimeSpan.FromSeconds(0.2), random);
        BodyTrack next = tracker.Update(0, pose)!;
        Assert.Equal(1, next.Id);
        Assert.Equal(1, next.Window.Count);
    }

    [Fact]
    public void A_walking_track_gives_one_body_observation_with_walking_and_its_speed()
    {
        var tracker = new BodyTracker();
        var walker = new KinematicWalker(Speed: 0.9f, Cadence: 120f);
        var pose = new BodyPose();
        var random = new Random(2);
        BodyTrack? track = null;
        for (int i = 0; i < 150; i++)
        {
            walker.Place(pose, TimeSpan.FromSeconds(i / 30.0), random, 0.002f);
            track = tracker.Update(0, pose);
        }

        Observation observation = track!.Observation;
        Assert.Equal(Modality.Body, observation.Modality);
        Assert.Equal(track.Id, observation.TrackId);
        Assert.Equal(1f, observation.States.Walking);
        GaitFeatureTests.AssertWithin(0.9f, observation.States.WalkingSpeed, 0.05f, "walking speed");
        Assert.Equal(TimeSpan.FromSeconds(149 / 30.0), observation.Window.End);
        Assert.InRange(observation.Window.Duration.TotalSeconds, 3.9, 4.0);
        Assert.NotNull(observation.Affect);
        Assert.Null(observation.Emotions);
        Assert.InRange(observation.Quality, 0.99f, 1f);
    }

    [Fact]
    public void Following_a_walker_allocates_nothing_per_pose_in_steady_state()
    {
        var tracker = new BodyTracker();
        var walker = new KinematicWalker();
        var random = new Random(4);
        BodyPose[] poses = new BodyPose[300];
        for (int i = 0; i < poses.Length; i++)
        {
            poses[i] = new BodyPose();
            walker.Place(poses[i], TimeSpan.FromSeconds(i / 30.0), random, 0.002f);
        }

        for (int i = 0; i < 150; i++)
        {
            tracker.Update(0, poses[i]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 150; i < poses.Length; i++)
        {
            tracker.Update(0, poses[i]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Square(double value) => value * value;
}
