using EdgeMer.Affect;
using EdgeMer.Perception.Body;

namespace EdgeMer.Perception.Tests;

/// <summary>The gait affect heuristic on kinematic walkers: what it ranks, what it bounds, what it declines to read.</summary>
public sealed class BodyAffectTests
{
    private static readonly KinematicWalker[] s_fastUpright =
    [
        new(Speed: 1.05f, Cadence: 125f, ArmSwingDegrees: 30f, LeanDegrees: 2f, HeadPitchDegrees: 5f),
        new(Speed: 0.95f, Cadence: 120f, ArmSwingDegrees: 26f, LeanDegrees: 0f, HeadPitchDegrees: 0f),
        new(Speed: 1.20f, Cadence: 135f, ArmSwingDegrees: 34f, LeanDegrees: 4f, HeadPitchDegrees: 10f, HeightPixels: 180f),
    ];

    private static readonly KinematicWalker[] s_slowSlumped =
    [
        new(Speed: 0.45f, Cadence: 90f, ArmSwingDegrees: 8f, LeanDegrees: 15f, HeadPitchDegrees: -20f),
        new(Speed: 0.55f, Cadence: 95f, ArmSwingDegrees: 12f, LeanDegrees: 12f, HeadPitchDegrees: -15f, Sway: 0.03f),
        new(Speed: 0.35f, Cadence: 85f, ArmSwingDegrees: 6f, LeanDegrees: 20f, HeadPitchDegrees: -30f, HeightPixels: 450f),
    ];

    [Fact]
    public void Every_fast_upright_walker_reads_more_aroused_and_more_positive_than_every_slow_slumped_one()
    {
        foreach (KinematicWalker fast in s_fastUpright)
        {
            ValenceArousal high = AffectOf(fast);
            Assert.True(high.Arousal > 0.3f, $"fast upright walker {fast}: arousal {high.Arousal:F2}");
            foreach (KinematicWalker slow in s_slowSlumped)
            {
                ValenceArousal low = AffectOf(slow);
                Assert.True(low.Arousal < -0.3f, $"slow slumped walker {slow}: arousal {low.Arousal:F2}");
                Assert.True(high.Arousal > low.Arousal);
                Assert.True(high.Valence > low.Valence, $"valence {high.Valence:F2} upright, {low.Valence:F2} slumped");
            }
        }
    }

    [Fact]
    public void Valence_is_cautious_never_beyond_three_tenths()
    {
        foreach (KinematicWalker walker in (KinematicWalker[])[.. s_fastUpright, .. s_slowSlumped, new(LeanDegrees: 40f, HeadPitchDegrees: -60f, Sway: 0.1f)])
        {
            Assert.InRange(AffectOf(walker).Valence, -0.3f, 0.3f);
        }
    }

    [Fact]
    public void Where_affect_may_not_be_inferred_a_walker_still_reads_as_walking_with_no_affect()
    {
        var tracker = new BodyTracker(new BodyTrackingOptions { InferAffect = false });
        var pose = new BodyPose();
        var random = new Random(3);
        KinematicWalker walker = s_fastUpright[0];
        BodyTrack? track = null;
        for (int i = 0; i < 150; i++)
        {
            walker.Place(pose, TimeSpan.FromSeconds(i / 30.0), random, noise: 0.002f);
            track = tracker.Update(0, pose);
        }

        Observation observation = track!.Observation;
        Assert.Null(observation.Affect);
        Assert.Null(observation.Emotions);
        Assert.Equal(1f, observation.States.Walking);
        Assert.True(observation.Quality > 0.5f, $"quality {observation.Quality}");
    }

    [Fact]
    public void A_person_standing_or_sitting_gets_no_affect_from_the_gait_heuristic()
    {
        GaitFeatures standing = new KinematicWalker(Speed: 0, Cadence: 0).Measure();
        GaitFeatures sitting = new KinematicWalker(Speed: 0, Cadence: 0, Sitting: true).Measure();
        Assert.Null(BodyAffectEstimator.Estimate(standing).Affect);
        Assert.Null(BodyAffectEstimator.Estimate(sitting).Affect);
        Assert.True(BodyAffectEstimator.Estimate(standing).Quality > 0.9f);
    }

    [Fact]
    public void Quality_grows_with_the_window_and_the_joints_seen()
    {
        var walker = new KinematicWalker();
        float shortWindow = BodyAffectEstimator.Estimate(walker.Measure(seconds: 1.5)).Quality;
        float full = BodyAffectEstimator.Estimate(walker.Measure()).Quality;
        float halfHidden = BodyAffectEstimator.Estimate(walker.Measure(occlude: pose =>
        {
            for (int k = 0; k < 5; k++)
            {
                pose.Score[k] = 0.05f;
            }
        })).Quality;

        Assert.InRange(shortWindow, 0.4f, 0.6f);
        Assert.InRange(full, 0.99f, 1f);
        GaitFeatureTests.AssertWithin(12f / 17f, halfHidden, 0.01f, "quality with the head hidden");
    }

    private static ValenceArousal AffectOf(KinematicWalker walker)
    {
        BodyAffect affect = BodyAffectEstimator.Estimate(walker.Measure());
        Assert.True(affect.Affect is not null, $"no affect for walker {walker}");
        return affect.Affect!.Value;
    }
}
