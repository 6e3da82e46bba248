using EdgeMer.Affect;

namespace EdgeMer.Affect.Tests;

public sealed class EmotionDistributionTests
{
    [Fact]
    public void A_distribution_holds_its_probabilities_in_label_order_and_names_the_most_likely()
    {
        EmotionDistribution d = EmotionDistribution.FromProbabilities([0.05f, 0.05f, 0.1f, 0.5f, 0.1f, 0.1f, 0.1f]);

        Assert.Equal(0.5f, d[EmotionLabel.Happy]);
        Assert.Equal(0.1f, d[EmotionLabel.Fear]);
        Assert.Equal(EmotionLabel.Happy, d.Dominant);
        Assert.Equal([0.05f, 0.05f, 0.1f, 0.5f, 0.1f, 0.1f, 0.1f], d.AsSpan().ToArray());
        Assert.True(d.IsValid);
    }

    [Fact]
    public void On_a_tie_the_first_label_in_order_is_dominant()
    {
        Assert.Equal(EmotionLabel.Angry, EmotionDistribution.Uniform.Dominant);
        Assert.Equal(EmotionLabel.Fear, EmotionDistribution.FromProbabilities([0, 0, 0.4f, 0.4f, 0.2f, 0, 0]).Dominant);
    }

    [Theory]
    [InlineData(new[] { 0.5f, 0.5f, 0.5f, 0f, 0f, 0f, 0f }, "add up to 1.5")]
    [InlineData(new[] { -0.1f, 0.3f, 0.3f, 0.5f, 0f, 0f, 0f }, "angry must be a number from 0 to 1; got -0.1")]
    [InlineData(new[] { 0f, 0f, 0f, float.NaN, 0f, 0f, 1f }, "happy must be a number from 0 to 1; got NaN")]
    [InlineData(new[] { 0.5f, 0.5f }, "expected 7 probabilities (one per shared label), got 2")]
    public void Probabilities_that_are_not_a_distribution_are_refused_naming_the_problem(float[] probabilities, string problem)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => EmotionDistribution.FromProbabilities(probabilities));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.False(EmotionDistribution.TryFromProbabilities(probabilities, out EmotionDistribution none, out string? reason));
        Assert.False(none.IsValid);
        Assert.Contains(problem, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rounding_within_the_tolerance_is_accepted()
    {
        float[] nearly = [0.2f, 0.1f, 0.1f, 0.2f, 0.1f, 0.1f, 0.195f];

        Assert.True(EmotionDistribution.TryFromProbabilities(nearly, out _, out _));
    }

    [Fact]
    public void Scores_are_normalised_into_a_distribution()
    {
        EmotionDistribution d = EmotionDistribution.Normalize([0, 0, 0, 3, 1, 0, 0]);

        Assert.Equal(0.75f, d[EmotionLabel.Happy]);
        Assert.Equal(0.25f, d[EmotionLabel.Sad]);
        Assert.Equal(0f, d[EmotionLabel.Angry]);
    }

    [Fact]
    public void Scores_that_cannot_be_normalised_are_refused()
    {
        Assert.Contains("all scores are zero", Assert.Throws<ArgumentException>(() => EmotionDistribution.Normalize(new float[7])).Message, StringComparison.Ordinal);
        Assert.Contains("score of disgust is -1", Assert.Throws<ArgumentException>(() => EmotionDistribution.Normalize([1, -1, 0, 0, 0, 0, 0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_value_is_not_a_distribution_and_is_refused_where_one_is_expected()
    {
        EmotionDistribution none = default;

        Assert.False(none.IsValid);
        Assert.Throws<ArgumentException>(() => new Observation(Modality.Face, CaptureWindow.At(TimeSpan.Zero), 1f, none, null, default, null));
    }

    [Fact]
    public void Two_distributions_with_the_same_probabilities_are_equal()
    {
        float[] p = [0.1f, 0.1f, 0.1f, 0.4f, 0.1f, 0.1f, 0.1f];

        Assert.Equal(EmotionDistribution.FromProbabilities(p), EmotionDistribution.FromProbabilities(p));
        Assert.NotEqual(EmotionDistribution.FromProbabilities(p), EmotionDistribution.Uniform);
    }
}
