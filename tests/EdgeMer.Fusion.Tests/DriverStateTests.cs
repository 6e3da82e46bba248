using EdgeMer.Affect;
using static EdgeMer.Fusion.Tests.Evidence;

namespace EdgeMer.Fusion.Tests;

/// <summary>Drowsiness, distraction and fatigue from scripted face states, and alerts once per episode.</summary>
public sealed class DriverStateTests
{
    private static readonly FusionOptions s_driver = new() { Purpose = Purpose.DriverSafety };

    /// <summary>Face observations every <paramref name="step"/> seconds from <paramref name="from"/> to <paramref name="to"/>, fused after each; every alert raised.</summary>
    private static List<Alert> Drive(Fuser fuser, double from, double to, Func<double, ModalityStates> states, double step = 0.1)
    {
        var alerts = new List<Alert>();
        for (double t = from; t <= to + 1e-9; t += step)
        {
            fuser.Observe(Face(t, states: states(t)));
            alerts.AddRange(fuser.Fuse(Seconds(t), WindowAt(Seconds(t))).Alerts);
        }

        return alerts;
    }

    [Theory]
    [InlineData(0f, 2f)]
    [InlineData(0.075f, 5f)]
    [InlineData(0.15f, 7f)]
    [InlineData(0.30f, 9f)]
    [InlineData(0.50f, 9f)]
    public void Sleepiness_follows_its_perclos_anchors(float perclos, float level)
    {
        Assert.Equal(level, Sleepiness.Estimate(Eyes(perclos), TimeSpan.FromSeconds(1.5))!.Value, 4);
    }

    [Fact]
    public void Frequent_yawning_adds_a_step_and_a_microsleep_reads_at_least_eight()
    {
        Assert.Equal(6f, Sleepiness.Estimate(Eyes(0.075f, yawnsPerMinute: 3f), Seconds(1.5))!.Value, 4);
        Assert.Equal(8f, Sleepiness.Estimate(Eyes(0.02f, closedSeconds: 2f), Seconds(1.5))!.Value, 4);
        Assert.Null(Sleepiness.Estimate(new ModalityStates(speaking: 1f), Seconds(1.5)));
    }

    [Fact]
    public void A_driver_who_stays_drowsy_gets_one_drowsiness_alert_and_another_only_after_recovering()
    {
        var fuser = new Fuser(s_driver);

        List<Alert> first = Drive(fuser, 0, 40, t => Eyes(perclos: 0.2f));
        List<Alert> recovered = Drive(fuser, 40.1, 50, t => Eyes(perclos: 0.02f));
        List<Alert> again = Drive(fuser, 50.1, 60, t => Eyes(perclos: 0.25f));

        Alert alert = Assert.Single(first);
        Assert.Equal((AlertKind.Drowsiness, AlertReason.SleepinessLevel, AlertSeverity.Warning), (alert.Kind, alert.Reason, alert.Severity));
        Assert.Equal(Wall.AddSeconds(30), alert.Time, TimeSpan.FromSeconds(0.2));
        Assert.True(alert.Value >= 7f && alert.Threshold == 7f, $"{alert.Value} / {alert.Threshold}");
        Assert.Empty(recovered);
        Assert.Equal(AlertReason.SleepinessLevel, Assert.Single(again).Reason);
    }

    [Fact]
    public void A_lower_alert_level_applied_to_a_running_fuser_alerts_on_the_track_it_already_follows()
    {
        var fuser = new Fuser(s_driver);
        // PERCLOS 0.1 reads as sleepiness 5.7: under the default level 7 for the whole of the track's first 35 s.
        List<Alert> before = Drive(fuser, 0, 35, t => Eyes(perclos: 0.1f));

        // At level 5 the same track, watched since 0 s, is in an episode at once.
        fuser.Reconfigure(s_driver with { DrowsinessAlertLevel = 5f });
        List<Alert> after = Drive(fuser, 35.1, 40, t => Eyes(perclos: 0.1f));

        Assert.Empty(before);
        Alert alert = Assert.Single(after);
        Assert.Equal(AlertReason.SleepinessLevel, alert.Reason);
        Assert.Equal(Wall.AddSeconds(35.1), alert.Time, TimeSpan.FromSeconds(0.05));
        Assert.Equal(5f, alert.Threshold);
        Assert.Equal(1, fuser.PeopleCount);
        Assert.Equal(5f, fuser.Options.DrowsinessAlertLevel);
    }

    [Fact]
    public void A_running_fuser_refuses_settings_out_of_range_or_another_purpose_and_keeps_its_own()
    {
        var fuser = new Fuser(s_driver);

        ArgumentException range = Assert.Throws<ArgumentException>(() => fuser.Reconfigure(s_driver with { VoiceReliability = 2f }));
        ArgumentException purpose = Assert.Throws<ArgumentException>(() => fuser.Reconfigure(new FusionOptions { Purpose = Purpose.Education }));

        Assert.Contains("Fusion:VoiceReliability", range.Message, StringComparison.Ordinal);
        Assert.Contains("purpose", purpose.Message, StringComparison.Ordinal);
        Assert.Same(s_driver, fuser.Options);
    }

    [Fact]
    public void Eyes_closed_past_the_microsleep_threshold_is_one_critical_alert_with_the_seconds_closed()
    {
        var fuser = new Fuser(s_driver);

        List<Alert> alerts = Drive(fuser, 0, 40, t => Eyes(perclos: 0.02f, closedSeconds: t > 35 ? (float)(t - 35) : 0f));

        // One alert: the closure's, not also a sleepiness level the closure alone would push up.
        Alert closed = Assert.Single(alerts);
        Assert.Equal(AlertReason.EyesClosedTooLong, closed.Reason);
        Assert.Equal(AlertSeverity.Critical, closed.Severity);
        Assert.InRange(closed.Value, 1.5f, 1.7f);
    }

    [Fact]
    public void A_new_face_raises_no_sleepiness_alert_before_it_has_been_watched_long_enough_for_perclos_to_mean_something()
    {
        var fuser = new Fuser(s_driver);

        // A blink in the first half second of a track reads as a high PERCLOS.
        List<Alert> early = Drive(fuser, 0, 10, t => Eyes(perclos: 0.3f));

        Assert.Empty(early);
        Assert.True(fuser.Fuse(Seconds(10), WindowAt(Seconds(10))).Summaries[1].States!.Value.Drowsy > 0.9f);
    }

    [Fact]
    public void Eyes_that_close_and_then_lose_the_face_still_raise_the_closure_alert()
    {
        var fuser = new Fuser(s_driver);
        Drive(fuser, 0, 1.0, t => Eyes(closedSeconds: t >= 0.5 ? (float)(t - 0.5) + 0.01f : 0f));

        // The face is gone (no observations), but the eyes were closed at the last one.
        var alerts = new List<Alert>();
        for (double t = 1.1; t <= 2.5; t += 0.1)
        {
            alerts.AddRange(fuser.Fuse(Seconds(t), WindowAt(Seconds(t))).Alerts);
        }

        Assert.Equal(AlertReason.EyesClosedTooLong, Assert.Single(alerts).Reason);
    }

    [Fact]
    public void Glances_that_flap_every_frame_at_thirty_frames_a_second_are_all_counted()
    {
        var fuser = new Fuser(s_driver);

        // Away every other frame: half the time, 10 s within the first 20 s.
        List<Alert> alerts = Drive(fuser, 0, 25, t => Eyes(lookingAway: ((int)Math.Round(t * 30)) % 2 == 0), step: 1.0 / 30);

        Alert sharing = Assert.Single(alerts);
        Assert.Equal(AlertReason.AttentionTimeSharing, sharing.Reason);
        Assert.InRange(sharing.Time - Wall, TimeSpan.FromSeconds(19.5), TimeSpan.FromSeconds(21));
    }

    [Fact]
    public void One_glance_away_of_three_seconds_is_a_long_distraction()
    {
        var fuser = new Fuser(s_driver);

        List<Alert> alerts = Drive(fuser, 0, 6, t => Eyes(lookingAway: t >= 1 && t < 4.5));

        Alert glance = Assert.Single(alerts);
        Assert.Equal((AlertKind.Distraction, AlertReason.LookingAway), (glance.Kind, glance.Reason));
        Assert.InRange(glance.Value, 3f, 3.2f);
    }

    [Fact]
    public void Short_glances_adding_up_to_more_than_ten_seconds_in_thirty_are_visual_time_sharing_not_a_long_distraction()
    {
        var fuser = new Fuser(s_driver);

        // 2.5 s away, 1 s back, over and over: no glance reaches 3 s, but 10 s away add up within 14 s.
        List<Alert> alerts = Drive(fuser, 0, 20, t => Eyes(lookingAway: t % 3.5 < 2.5));

        Alert sharing = Assert.Single(alerts);
        Assert.Equal((AlertKind.Distraction, AlertReason.AttentionTimeSharing), (sharing.Kind, sharing.Reason));
        Assert.InRange(sharing.Value, 10f, 10.2f);
    }

    [Fact]
    public void The_distracted_likelihood_rises_with_the_current_glance_and_falls_back_when_eyes_return()
    {
        var fuser = new Fuser(s_driver);
        Drive(fuser, 0, 1.5, t => Eyes(lookingAway: t >= 0.5));
        float during = fuser.Fuse(Seconds(1.5), WindowAt(Seconds(1.5))).Summaries[1].States!.Value.Distracted!.Value;
        Drive(fuser, 1.6, 40, t => Eyes(lookingAway: false));
        float after = fuser.Fuse(Seconds(40), WindowAt(Seconds(40))).Summaries[1].States!.Value.Distracted!.Value;

        Assert.InRange(during, 0.3f, 0.4f);
        Assert.Equal(0f, after);
    }

    [Fact]
    public void Fatigue_builds_over_minutes_of_drowsiness_and_not_from_a_moment_of_it()
    {
        var moment = new Fuser(s_driver);
        Drive(moment, 0, 10, t => Eyes(perclos: 0.3f), step: 0.5);
        var stretch = new Fuser(s_driver);
        Drive(stretch, 0, 600, t => Eyes(perclos: 0.3f), step: 0.5);

        float brief = moment.Fuse(Seconds(10), WindowAt(Seconds(10))).Summaries[1].States!.Value.Fatigued!.Value;
        float long_ = stretch.Fuse(Seconds(600), WindowAt(Seconds(600))).Summaries[1].States!.Value.Fatigued!.Value;

        Assert.True(brief < 0.05f, $"after 10 s: {brief}");
        Assert.True(long_ > 0.8f, $"after 10 min: {long_}");
    }

    [Fact]
    public void The_group_states_are_the_mean_of_each_persons()
    {
        var fuser = new Fuser(s_driver);
        fuser.Observe(Face(5, states: Eyes(perclos: 0f), track: 1));
        fuser.Observe(Face(5, states: Eyes(perclos: 0.30f), track: 2));

        FusionResult result = fuser.Fuse(Seconds(5), WindowAt(Seconds(5)));

        // KSS 2 and 9: drowsy likelihoods 1/8 and 1.
        Assert.Equal((0.125f + 1f) / 2f, result.Scene.States!.Value.Drowsy!.Value, 4);
    }

    [Fact]
    public void A_lost_source_is_one_sensor_alert_its_modality_is_missing_until_restored_and_then_it_contributes_again()
    {
        var fuser = new Fuser(new FusionOptions());
        fuser.Observe(Face(1, emotions: Happy));
        fuser.Observe(Voice(1, emotions: Happy));

        fuser.SourceLost(Modality.Voice, Wall.AddSeconds(1), Seconds(2.5));
        fuser.SourceLost(Modality.Voice, Wall.AddSeconds(1.2), Seconds(2.7));
        FusionResult lost = fuser.Fuse(Seconds(1.5), WindowAt(Seconds(1.5)));
        FusionResult quiet = fuser.Fuse(Seconds(2), WindowAt(Seconds(2)));
        fuser.SourceRestored(Modality.Voice);
        fuser.Observe(Voice(2.4, emotions: Happy));
        FusionResult back = fuser.Fuse(Seconds(2.5), WindowAt(Seconds(2.5)));

        Alert sensor = Assert.Single(lost.Alerts);
        Assert.Equal((AlertKind.SensorLost, AlertReason.ModalityStale, Modality.Voice), (sensor.Kind, sensor.Reason, sensor.Modality));
        Assert.Equal(2.5f, sensor.Value, 4);
        Assert.DoesNotContain(lost.Scene.Contributions, c => c.Modality == Modality.Voice);
        Assert.Empty(quiet.Alerts);
        Assert.Contains(back.Scene.Contributions, c => c.Modality == Modality.Voice);
    }

    [Fact]
    public void Negative_valence_with_high_arousal_held_ten_seconds_raises_one_distress_alert()
    {
        var fuser = new Fuser(new FusionOptions { Purpose = Purpose.Companion });
        var alerts = new List<Alert>();
        for (double t = 0; t <= 15; t += 0.5)
        {
            fuser.Observe(Face(t, affect: new ValenceArousal(-0.7f, 0.6f)));
            alerts.AddRange(fuser.Fuse(Seconds(t), WindowAt(Seconds(t))).Alerts);
        }

        Alert distress = Assert.Single(alerts);
        Assert.Equal((AlertKind.Distress, AlertReason.SustainedNegativeAffect), (distress.Kind, distress.Reason));
    }
}
