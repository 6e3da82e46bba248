using EdgeMer.Quantization.Calibration;

namespace EdgeMer.Quantization.Tests;

/// <summary>The three calibrators on value sets whose right range is known.</summary>
public sealed class CalibrationTests
{
    [Fact]
    public void MinMax_keeps_everything_observed()
    {
        ActivationObserver observer = Observed([-1f, 0f, 3f], [0.5f]);

        Assert.Equal((-1f, 3f), observer.MinMaxRange());
    }

    [Fact]
    public void Percentile_clips_a_rare_outlier()
    {
        // 1,000 values in 0..0.999 and one at 100: 99.9 % of the 1,001 magnitudes need every small
        // value, which ends in bin floor(0.999 / (100 / 2048)) = 20; the threshold is that bin's top edge.
        float[] bulk = Enumerable.Range(0, 1000).Select(i => i / 1000f).ToArray();
        ActivationObserver observer = Observed(bulk, [100f]);

        (float min, float max) = observer.PercentileRange(99.9);

        Assert.Equal(0f, min);
        Assert.Equal(21 * (100f / 2048), max, 4);
    }

    [Fact]
    public void Percentile_clips_a_signed_activation_symmetrically_within_what_was_seen()
    {
        float[] bulk = Enumerable.Range(0, 1000).Select(i => (i - 500) / 1000f).ToArray();
        ActivationObserver observer = Observed(bulk, [-100f]);

        // Every bulk magnitude (at most 0.5) lies below the top of bin 10, where 99.9 % is reached.
        (float min, float max) = observer.PercentileRange(99.9);

        Assert.Equal(-11 * (100f / 2048), min, 4);
        Assert.Equal(0.499f, max, 4);
    }

    [Fact]
    public void Entropy_clips_an_outlier_but_keeps_the_bulk()
    {
        var random = new Random(7);
        float[] bulk = Enumerable.Range(0, 20_000).Select(_ => (float)Math.Abs(Gaussian(random))).ToArray();
        ActivationObserver observer = Observed(bulk, [40f]);

        (float min, float max) = observer.EntropyRange();

        // Almost all of |N(0, 1)| lies below 3.3; the threshold keeps it and drops most of the way to 40.
        // A non-negative activation is clipped only at the top.
        Assert.Equal(observer.Min, min);
        Assert.InRange(max, 3f, 20f);
    }

    [Fact]
    public void Divergence_is_zero_for_equal_histograms_and_matches_a_hand_computed_value()
    {
        Assert.Equal(0, ActivationObserver.Divergence([1, 2, 3], [2, 4, 6]), 12);

        // p = (0.5, 0.5), q = (0.25, 0.75): 0.5 ln 2 + 0.5 ln (2/3).
        Assert.Equal((0.5 * Math.Log(2)) + (0.5 * Math.Log(2.0 / 3)), ActivationObserver.Divergence([1, 1], [1, 3]), 12);
    }

    [Fact]
    public void The_histogram_pass_needs_the_range_pass_first()
    {
        var observer = new ActivationObserver("x");

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => observer.ObserveHistogram([1f]));

        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_activation_is_refused_naming_the_tensor()
    {
        var observer = new ActivationObserver("conv_out");

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => observer.ObserveRange([1f, float.PositiveInfinity]));

        Assert.Contains("'conv_out'", error.Message, StringComparison.Ordinal);
    }

    private static ActivationObserver Observed(params float[][] batches)
    {
        var observer = new ActivationObserver("x");
        foreach (float[] batch in batches)
        {
            observer.ObserveRange(batch);
        }

        foreach (float[] batch in batches)
        {
            observer.ObserveHistogram(batch);
        }

        return observer;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
