using EdgeMer.Affect;
using static EdgeMer.Fusion.Tests.Evidence;

namespace EdgeMer.Fusion.Tests;

/// <summary>How the fuser weighs modalities: quality × freshness × reliability, any subset of them, each modality's weight reported.</summary>
public sealed class FusionWeightTests
{
    private static readonly FusionOptions s_noSmoothing = new() { SmoothingTimeConstant = TimeSpan.Zero };

    [Fact]
    public void Face_alone_gives_its_own_distribution_with_all_the_weight_and_its_reliability_times_quality_as_confidence()
    {
        var fuser = new Fuser(s_noSmoothing with { FaceReliability = 0.9f });
        fuser.Observe(Face(10, quality: 0.8f, emotions: Happy, affect: new ValenceArousal(0.6f, 0.3f)));

        Summary person = fuser.Fuse(Seconds(10), WindowAt(Seconds(10))).Summaries[1];

        Assert.Equal(0, person.TrackId);
        ModalityContribution face = Assert.Single(person.Contributions);
        Assert.Equal(Modality.Face, face.Modality);
        Assert.Equal(1f, face.Weight, 5);
        Assert.True(L1(Happy, person.Emotions!.Value) < 1e-5f);
        Assert.Equal(0.72f, person.Confidence, 4);
        Assert.Equal(new ValenceArousal(0.6f, 0.3f), person.Affect);
    }

    [Fact]
    public void Two_modalities_mix_by_quality_times_reliability_and_the_weights_add_up_to_one()
    {
        var fuser = new Fuser(s_noSmoothing with { FaceReliability = 1f, VoiceReliability = 0.5f });
        fuser.Observe(Face(10, quality: 0.8f, emotions: Happy, affect: new ValenceArousal(0.8f, 0.2f)));
        fuser.Observe(Voice(10, quality: 0.8f, emotions: Angry, affect: new ValenceArousal(-0.4f, 0.8f)));

        Summary person = fuser.Fuse(Seconds(10), WindowAt(Seconds(10))).Summaries[1];

        // Raw weights 0.8 and 0.4: two thirds and one third.
        Assert.Equal(2f / 3f, person.Contributions.Single(c => c.Modality == Modality.Face).Weight, 4);
        Assert.Equal(1f / 3f, person.Contributions.Single(c => c.Modality == Modality.Voice).Weight, 4);
        for (int k = 0; k < EmotionLabels.Count; k++)
        {
            Assert.Equal(((2f * Happy.AsSpan()[k]) + Angry.AsSpan()[k]) / 3f, person.Emotions!.Value.AsSpan()[k], 4);
        }

        Assert.Equal(((2f * 0.8f) - 0.4f) / 3f, person.Affect!.Value.Valence, 4);
        Assert.Equal(((2f * 0.2f) + 0.8f) / 3f, person.Affect!.Value.Arousal, 4);
        // 1 − (1 − 0.8)(1 − 0.4)
        Assert.Equal(0.88f, person.Confidence, 4);
    }

    [Fact]
    public void An_observation_one_half_life_old_weighs_half_and_one_past_stale_after_is_missing()
    {
        var fuser = new Fuser(s_noSmoothing with { FreshnessHalfLife = Seconds(1), StaleAfter = Seconds(5), VoiceReliability = 1f });
        fuser.Observe(Face(9, emotions: Happy));
        fuser.Observe(Voice(10, emotions: Angry));

        Summary atTen = fuser.Fuse(Seconds(10), WindowAt(Seconds(10))).Scene;
        Summary atFifteen = fuser.Fuse(Seconds(15), WindowAt(Seconds(15))).Scene;

        Assert.Equal(1f / 3f, atTen.Contributions.Single(c => c.Modality == Modality.Face).Weight, 4);
        Assert.Equal(Seconds(1), atTen.Contributions.Single(c => c.Modality == Modality.Face).Age);
        ModalityContribution onlyVoice = Assert.Single(atFifteen.Contributions);
        Assert.Equal(Modality.Voice, onlyVoice.Modality);
    }

    [Theory]
    [InlineData(Modality.Voice)]
    [InlineData(Modality.Body)]
    public void Any_single_modality_makes_a_summary_without_the_others(Modality modality)
    {
        var fuser = new Fuser(s_noSmoothing);
        fuser.Observe(modality == Modality.Voice ? Voice(3, emotions: Angry, track: 0) : Body(3, affect: new ValenceArousal(-0.2f, 0.7f)));

        FusionResult result = fuser.Fuse(Seconds(3), WindowAt(Seconds(3)));

        Assert.Equal(modality, Assert.Single(result.Scene.Contributions).Modality);
        Assert.Equal(modality, Assert.Single(result.Summaries[1].Contributions).Modality);
    }

    [Fact]
    public void With_nothing_fresh_the_scene_summary_says_so_with_no_contributions_and_no_confidence()
    {
        var fuser = new Fuser(s_noSmoothing);

        FusionResult result = fuser.Fuse(Seconds(1), WindowAt(Seconds(1)));

        Summary scene = Assert.Single(result.Summaries);
        Assert.Null(scene.TrackId);
        Assert.Empty(scene.Contributions);
        Assert.Null(scene.Emotions);
        Assert.Equal(0f, scene.Confidence);
    }

    [Fact]
    public void The_scene_pools_every_persons_face_by_quality_and_each_person_keeps_their_own()
    {
        var fuser = new Fuser(s_noSmoothing);
        fuser.Observe(Face(5, quality: 0.9f, emotions: Happy, track: 1));
        fuser.Observe(Face(5, quality: 0.3f, emotions: Angry, track: 2));

        FusionResult result = fuser.Fuse(Seconds(5), WindowAt(Seconds(5)));

        Assert.Equal([null, 1, 2], result.Summaries.Select(s => s.TrackId).Order());
        for (int k = 0; k < EmotionLabels.Count; k++)
        {
            Assert.Equal(((0.9f * Happy.AsSpan()[k]) + (0.3f * Angry.AsSpan()[k])) / 1.2f, result.Scene.Emotions!.Value.AsSpan()[k], 4);
        }

        Assert.Equal(EmotionLabel.Happy, result.Summaries.Single(s => s.TrackId == 1).Emotions!.Value.Dominant);
        Assert.Equal(EmotionLabel.Angry, result.Summaries.Single(s => s.TrackId == 2).Emotions!.Value.Dominant);
    }

    [Fact]
    public void Voice_without_a_track_is_attributed_to_the_one_person_in_view_and_to_nobody_when_there_are_two()
    {
        var alone = new Fuser(s_noSmoothing);
        alone.Observe(Face(5, emotions: Happy, track: 1));
        alone.Observe(Voice(5, emotions: Angry));
        var pair = new Fuser(s_noSmoothing);
        pair.Observe(Face(5, emotions: Happy, track: 1));
        pair.Observe(Face(5, emotions: Happy, track: 2));
        pair.Observe(Voice(5, emotions: Angry));

        Summary one = alone.Fuse(Seconds(5), WindowAt(Seconds(5))).Summaries.Single(s => s.TrackId == 1);
        FusionResult two = pair.Fuse(Seconds(5), WindowAt(Seconds(5)));

        Assert.Contains(one.Contributions, c => c.Modality == Modality.Voice);
        Assert.Equal(1f, one.States!.Value.Speaking);
        Assert.All(two.Summaries.Where(s => s.TrackId is not null), s => Assert.DoesNotContain(s.Contributions, c => c.Modality == Modality.Voice));
        Assert.Contains(two.Scene.Contributions, c => c.Modality == Modality.Voice);
    }

    [Fact]
    public void Smoothing_moves_the_output_toward_new_evidence_by_one_minus_e_to_the_minus_elapsed_over_tau()
    {
        var fuser = new Fuser(new FusionOptions { SmoothingTimeConstant = Seconds(1.5) });
        fuser.Observe(Face(10, affect: new ValenceArousal(0.8f, 0f)));
        fuser.Fuse(Seconds(10), WindowAt(Seconds(10)));
        fuser.Observe(Face(10.5, affect: new ValenceArousal(-0.8f, 0f)));

        Summary person = fuser.Fuse(Seconds(10.5), WindowAt(Seconds(10.5))).Summaries[1];

        float alpha = 1f - MathF.Exp(-0.5f / 1.5f);
        Assert.Equal(0.8f + (alpha * -1.6f), person.Affect!.Value.Valence, 4);
    }

    [Fact]
    public void Of_three_modalities_the_one_at_odds_with_the_other_two_is_flagged_and_they_are_not()
    {
        var fuser = new Fuser(s_noSmoothing);
        fuser.Observe(Face(5, emotions: Happy, affect: new ValenceArousal(0.7f, 0.3f)));
        fuser.Observe(Body(5, emotions: Happy, affect: new ValenceArousal(0.6f, 0.2f)));
        fuser.Observe(Voice(5, emotions: Angry, affect: new ValenceArousal(-0.6f, 0.8f), track: 0));

        Summary person = fuser.Fuse(Seconds(5), WindowAt(Seconds(5))).Summaries[1];

        Assert.True(person.Contributions.Single(c => c.Modality == Modality.Voice).Disagrees);
        Assert.False(person.Contributions.Single(c => c.Modality == Modality.Face).Disagrees);
        Assert.False(person.Contributions.Single(c => c.Modality == Modality.Body).Disagrees);
    }

    [Fact]
    public void Bad_options_are_refused_with_every_problem_named_by_its_key()
    {
        var options = new FusionOptions { VoiceReliability = 1.5f, StaleAfter = TimeSpan.Zero, TimeSharingWindow = Seconds(5), DrowsinessAlertLevel = 12f };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new Fuser(options));

        Assert.Contains("Fusion:VoiceReliability 1.5 must be from 0 to 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fusion:StaleAfter", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fusion:TimeSharingWindow", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fusion:DrowsinessAlertLevel 12", error.Message, StringComparison.Ordinal);
    }
}
