using EdgeMer.Affect;

namespace EdgeMer.Affect.Tests;

public sealed class AffectValueTests
{
    private static readonly ValenceArousal[] s_anchors =
    [
        new(-0.6f, 0.7f), new(-0.7f, 0.3f), new(-0.6f, 0.8f), new(0.8f, 0.5f), new(-0.7f, -0.4f), new(0.2f, 0.8f), new(0f, 0f),
    ];

    [Fact]
    public void The_expected_point_of_a_certain_label_is_its_anchor()
    {
        EmotionDistribution happy = EmotionDistribution.FromProbabilities([0, 0, 0, 1, 0, 0, 0]);

        Assert.Equal(new ValenceArousal(0.8f, 0.5f), ValenceArousal.Expected(happy, s_anchors));
    }

    [Fact]
    public void The_expected_point_weighs_the_anchors_by_probability()
    {
        EmotionDistribution split = EmotionDistribution.FromProbabilities([0, 0, 0, 0.5f, 0.5f, 0, 0]);

        ValenceArousal point = ValenceArousal.Expected(split, s_anchors);

        Assert.Equal(0.05f, point.Valence, 5);
        Assert.Equal(0.05f, point.Arousal, 5);
    }

    [Theory]
    [InlineData(1.5f, 0f, "valence")]
    [InlineData(0f, -1.01f, "arousal")]
    [InlineData(float.PositiveInfinity, 0f, "valence")]
    public void Valence_and_arousal_outside_minus_one_to_one_are_refused(float valence, float arousal, string named)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new ValenceArousal(valence, arousal));

        Assert.Equal(named, e.ParamName);
    }

    [Fact]
    public void An_observation_checks_every_field()
    {
        var window = new CaptureWindow(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        Assert.Throws<ArgumentOutOfRangeException>(() => new Observation(Modality.Voice, window, 1.2f, null, null, default, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Observation((Modality)7, window, 0.5f, null, null, default, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Observation(Modality.Body, window, 0.5f, null, null, default, trackId: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModalityStates(eyesClosed: 2f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModalityStates(headYawDegrees: 270f));
        Assert.Throws<ArgumentException>(() => new CaptureWindow(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));

        var observation = new Observation(Modality.Face, window, 0.9f, EmotionDistribution.Uniform, new ValenceArousal(0.1f, 0.2f), new ModalityStates(eyeOpenness: 0.8f), trackId: 3);
        Assert.Equal(TimeSpan.FromSeconds(1), observation.Window.Duration);
        Assert.Equal(3, observation.TrackId);
        Assert.Equal(0.8f, observation.States.EyeOpenness);
    }

    [Fact]
    public void A_summary_refuses_a_modality_contributing_twice_and_a_paused_summary_carries_only_its_window()
    {
        var window = new TimeWindow(new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 8, 30, 1, TimeSpan.Zero));
        var face = new ModalityContribution(Modality.Face, 0.9f, TimeSpan.FromMilliseconds(40), 0.5f, null, null, disagrees: false);

        ArgumentException twice = Assert.Throws<ArgumentException>(() => new Summary(Purpose.Companion, null, window, null, null, null, 0.5f, [face, face]));
        Assert.Contains("modality face contributes twice", twice.Message, StringComparison.Ordinal);

        Summary paused = Summary.ForPausedWindow(Purpose.Companion, window);
        Assert.True(paused.Paused);
        Assert.Null(paused.Emotions);
        Assert.Empty(paused.Contributions);
        Assert.Equal(0f, paused.Confidence);
    }

    [Fact]
    public void A_window_keeps_its_instants_in_UTC()
    {
        var local = new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.FromHours(2));

        var window = new TimeWindow(local, local.AddSeconds(1));

        Assert.Equal(TimeSpan.Zero, window.Start.Offset);
        Assert.Equal(8, window.Start.Hour);
    }

    [Fact]
    public void An_alert_refuses_values_outside_its_range()
    {
        DateTimeOffset now = DateTimeOffset.UnixEpoch;

        Assert.Throws<ArgumentOutOfRangeException>(() => new Alert(now, AlertKind.Drowsiness, AlertSeverity.Warning, AlertReason.EyesClosedTooLong, Modality.Face, -1f, 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Alert(now, (AlertKind)99, AlertSeverity.Warning, AlertReason.EyesClosedTooLong, null, 1f, 1.5f));
    }

    [Theory]
    [InlineData(Purpose.DriverSafety, "driver-safety")]
    [InlineData(Purpose.Companion, "companion")]
    [InlineData(Purpose.Education, "education")]
    [InlineData(Purpose.Workplace, "workplace")]
    [InlineData(Purpose.Research, "research")]
    public void Every_purpose_has_its_name_and_parses_back_from_it(Purpose purpose, string name)
    {
        Assert.Equal(name, Purposes.Name(purpose));
        Assert.True(Purposes.TryParse(name, out Purpose parsed));
        Assert.Equal(purpose, parsed);
        Assert.Equal(Enum.GetValues<Purpose>().Length, Purposes.Names.Length);
    }

    [Fact]
    public void Every_modality_has_one_lower_case_name()
    {
        Assert.Equal(["face", "voice", "body"], Modalities.Names.ToArray());
        Assert.True(Modalities.TryParse("voice", out Modality voice));
        Assert.Equal(Modality.Voice, voice);
        Assert.False(Modalities.TryParse("Voice", out _));
        Assert.Equal(Modalities.Count, Enum.GetValues<Modality>().Length);
    }

    [Fact]
    public void The_capture_clock_runs_on_its_time_provider_and_maps_capture_time_to_UTC()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var clock = new CaptureClock(time);

        time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), clock.Now);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 1, 500, TimeSpan.Zero), clock.ToUtc(clock.Now));
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(_ticks);

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
