using EdgeMer.Affect;

namespace EdgeMer.Affect.Tests;

/// <summary>What each purpose lets a summary carry (EU AI Act Art. 5(1)(f), Recital 18), enforced where a summary is built.</summary>
public sealed class PurposePolicyTests
{
    private static readonly TimeWindow s_window = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 9, 0, 1, TimeSpan.Zero));
    private static readonly EmotionDistribution s_happy = EmotionDistribution.FromProbabilities([0.05f, 0.05f, 0.05f, 0.6f, 0.05f, 0.1f, 0.1f]);
    private static readonly StateLikelihoods s_tired = new(drowsy: 0.7f, distracted: 0.1f, fatigued: 0.6f, eyesClosed: 0.3f, yawning: 0.2f, speaking: null, walking: null);

    [Theory]
    [InlineData(Purpose.DriverSafety, true, true)]
    [InlineData(Purpose.Companion, true, true)]
    [InlineData(Purpose.Research, true, true)]
    [InlineData(Purpose.Workplace, false, true)]
    [InlineData(Purpose.Education, false, false)]
    public void Each_purpose_allows_emotions_and_per_person_summaries_as_the_rule_says(Purpose purpose, bool emotions, bool perPerson)
    {
        Assert.Equal(emotions, PurposePolicy.AllowsEmotions(purpose));
        Assert.Equal(perPerson, PurposePolicy.AllowsPerPerson(purpose));
        Assert.Equal(emotions, PurposePolicy.Rule(purpose) is null);
    }

    [Theory]
    [InlineData(Purpose.Education)]
    [InlineData(Purpose.Workplace)]
    public void A_summary_with_emotions_or_valence_cannot_be_built_for_a_school_or_a_workplace_and_the_error_cites_the_rule(Purpose purpose)
    {
        PurposeViolationException emotions = Assert.Throws<PurposeViolationException>(() => new Summary(purpose, null, s_window, s_happy, null, s_tired, 0.8f, []));
        PurposeViolationException affect = Assert.Throws<PurposeViolationException>(() => new Summary(purpose, null, s_window, null, new ValenceArousal(0.5f, 0.2f), s_tired, 0.8f, []));
        var faceWithEmotions = new ModalityContribution(Modality.Face, 0.9f, TimeSpan.Zero, 1f, s_happy, null, disagrees: false);
        PurposeViolationException contribution = Assert.Throws<PurposeViolationException>(() => new Summary(purpose, null, s_window, null, null, s_tired, 0.8f, [faceWithEmotions]));

        Assert.Contains("Art. 5(1)(f)", emotions.Message, StringComparison.Ordinal);
        Assert.Contains(Purposes.Name(purpose), emotions.Message, StringComparison.Ordinal);
        Assert.Contains("valence and arousal", affect.Message, StringComparison.Ordinal);
        Assert.Contains("face contribution", contribution.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Physical_states_go_out_for_a_workplace_per_person_and_for_a_school_only_for_the_group()
    {
        var faceStatesOnly = new ModalityContribution(Modality.Face, 0.9f, TimeSpan.Zero, 1f, null, null, disagrees: false);

        var workplace = new Summary(Purpose.Workplace, 2, s_window, null, null, s_tired, 0.8f, [faceStatesOnly]);
        var classroom = new Summary(Purpose.Education, null, s_window, null, null, s_tired, 0.8f, [faceStatesOnly]);
        PurposeViolationException pupil = Assert.Throws<PurposeViolationException>(() => new Summary(Purpose.Education, 2, s_window, null, null, s_tired, 0.8f, [faceStatesOnly]));

        Assert.Equal(2, workplace.TrackId);
        Assert.Null(classroom.TrackId);
        Assert.Equal(0.7f, classroom.States!.Value.Drowsy);
        Assert.Contains("track 2", pupil.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_companion_summary_carries_emotions_for_a_person()
    {
        var summary = new Summary(Purpose.Companion, 0, s_window, s_happy, new ValenceArousal(0.6f, 0.3f), null, 0.7f, []);

        Assert.Equal(EmotionLabel.Happy, summary.Emotions!.Value.Dominant);
        Assert.Equal(Purpose.Companion, summary.Purpose);
    }
}
