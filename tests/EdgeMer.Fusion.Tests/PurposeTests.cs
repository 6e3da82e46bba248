using EdgeMer.Affect;
using static EdgeMer.Fusion.Tests.Evidence;

namespace EdgeMer.Fusion.Tests;

/// <summary>The purpose's limits hold in what the fuser builds, whatever the pipelines send it.</summary>
public sealed class PurposeTests
{
    [Fact]
    public void At_a_workplace_emotions_and_affect_are_dropped_and_physical_states_go_out_per_person()
    {
        var fuser = new Fuser(new FusionOptions { Purpose = Purpose.Workplace });
        fuser.Observe(Face(5, emotions: Angry, affect: new ValenceArousal(-0.7f, 0.7f), states: Eyes(perclos: 0.2f), track: 3));

        FusionResult result = fuser.Fuse(Seconds(5), WindowAt(Seconds(5)));

        Assert.All(result.Summaries, s =>
        {
            Assert.Equal(Purpose.Workplace, s.Purpose);
            Assert.Null(s.Emotions);
            Assert.Null(s.Affect);
            Assert.All(s.Contributions, c => Assert.True(c.Emotions is null && c.Affect is null));
            Assert.NotNull(s.States!.Value.Drowsy);
        });
        Assert.Contains(result.Summaries, s => s.TrackId == 3);
    }

    [Fact]
    public void In_a_classroom_only_the_group_is_described_and_no_distress_is_inferred()
    {
        var fuser = new Fuser(new FusionOptions { Purpose = Purpose.Education });
        var alerts = new List<Alert>();
        FusionResult? last = null;
        for (double t = 0; t <= 15; t += 0.5)
        {
            fuser.Observe(Face(t, emotions: Angry, affect: new ValenceArousal(-0.8f, 0.8f), states: Eyes(perclos: 0.05f), track: 1));
            fuser.Observe(Face(t, emotions: Angry, affect: new ValenceArousal(-0.8f, 0.8f), states: Eyes(perclos: 0.10f), track: 2));
            last = fuser.Fuse(Seconds(t), WindowAt(Seconds(t)));
            alerts.AddRange(last.Alerts);
        }

        Summary group = Assert.Single(last!.Summaries);
        Assert.Null(group.TrackId);
        Assert.Null(group.Emotions);
        Assert.NotNull(group.States!.Value.Drowsy);
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKind.Distress);
    }

    [Fact]
    public void In_a_classroom_no_alert_is_raised_about_one_pupil()
    {
        var fuser = new Fuser(new FusionOptions { Purpose = Purpose.Education });
        var alerts = new List<Alert>();
        for (double t = 0; t <= 10; t += 0.1)
        {
            // One pupil with the eyes shut for seconds, one looking away throughout.
            fuser.Observe(Face(t, states: Eyes(closedSeconds: (float)t + 0.01f), track: 1));
            fuser.Observe(Face(t, states: Eyes(lookingAway: true), track: 2));
            alerts.AddRange(fuser.Fuse(Seconds(t), WindowAt(Seconds(t))).Alerts);
        }

        Assert.Empty(alerts);
    }
}
