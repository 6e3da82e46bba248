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

    [Fact]
    public void In_a_classroom_a_third_of_the_pupils_drowsy_is_one_group_alert_with_the_share_never_one_about_a_pupil()
    {
        var fuser = new Fuser(new FusionOptions { Purpose = Purpose.Education });
        var alerts = new List<Alert>();

        // Six pupils; from 2 s on, two of them (a third) keep their eyes shut.
        for (double t = 0; t <= 6; t += 0.1)
        {
            for (int pupil = 1; pupil <= 6; pupil++)
            {
                bool asleep = pupil <= 2 && t >= 2;
                fuser.Observe(Face(t, states: Eyes(closedSeconds: asleep ? (float)(t - 2) + 0.01f : 0f), track: pupil));
            }

            alerts.AddRange(fuser.Fuse(Seconds(t), WindowAt(Seconds(t))).Alerts);
        }

        Alert group = Assert.Single(alerts);
        Assert.Equal((AlertKind.Drowsiness, AlertReason.GroupDrowsiness), (group.Kind, group.Reason));
        Assert.Equal(2f / 6f, group.Value, 3);
        Assert.Equal(0.3f, group.Threshold);

        // They wake; later three look away for long: a distraction alert for the group, the drowsiness one not again.
        alerts.Clear();
        for (double t = 6.1; t <= 12; t += 0.1)
        {
            for (int pupil = 1; pupil <= 6; pupil++)
            {
                fuser.Observe(Face(t, states: Eyes(lookingAway: pupil >= 4 && t >= 7), track: pupil));
            }

            alerts.AddRange(fuser.Fuse(Seconds(t), WindowAt(Seconds(t))).Alerts);
        }

        Alert distracted = Assert.Single(alerts);
        Assert.Equal((AlertKind.Distraction, AlertReason.GroupDistraction), (distracted.Kind, distracted.Reason));
        Assert.Equal(0.5f, distracted.Value, 3);
    }

    [Fact]
    public void A_group_alert_threshold_that_could_point_at_one_person_is_refused_naming_the_key()
    {
        IReadOnlyList<string> problems = new FusionOptions { Purpose = Purpose.Education, GroupAlertMinimumPeople = 1 }.Problems();

        Assert.Contains(problems, p => p.Contains("Fusion:GroupAlertMinimumPeople 1 must be from 3 to 1000", StringComparison.Ordinal));
    }
}
