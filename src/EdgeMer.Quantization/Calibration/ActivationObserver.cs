namespace EdgeMer.Quantization.Calibration;

/// <summary>
/// What calibration saw of one activation tensor, in two passes over the same inputs: first its
/// range, then a histogram of its magnitudes over that range. The calibrators choose a quantization
/// range from these: <see cref="MinMaxRange"/>, <see cref="PercentileRange"/>, <see cref="EntropyRange"/>.
/// Signed activations are clipped symmetrically (a threshold on |x|), non-negative ones (after a
/// ReLU) only at the top, so they keep zero point 0.
/// </summary>
public sealed class ActivationObserver
{
    /// <summary>Histogram bins over 0..max |x|, as TensorRT's entropy calibration uses.</summary>
    public const int DefaultBins = 2048;

    private readonly long[] _histogram;

    private float _min = float.PositiveInfinity;

    private float _max = float.NegativeInfinity;

    private float _binWidth;

    private bool _histogramStarted;

    public ActivationObserver(string tensor, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 256);
        Tensor = tensor;
        _histogram = new long[bins];
    }

    public string Tensor { get; }

    /// <summary>The smallest value seen in the first pass.</summary>
    public float Min => _min;

    /// <summary>The largest value seen in the first pass.</summary>
    public float Max => _max;

    /// <summary>How many values the first pass saw.</summary>
    public long Count { get; private set; }

    /// <summary>The largest magnitude seen: the histogram covers 0..this.</summary>
    public float MaxMagnitude => Math.Max(Math.Abs(_min), Math.Abs(_max));

    /// <summary>The histogram of |x| (second pass).</summary>
    public ReadOnlySpan<long> Histogram => _histogram;

    /// <summary>First pass: widens the observed range.</summary>
    public void ObserveRange(ReadOnlySpan<float> values)
    {
        if (_histogramStarted)
        {
            throw new InvalidOperationException($"activation '{Tensor}': the range pass is over once the histogram pass has started");
        }

        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                throw new InvalidOperationException($"activation '{Tensor}' holds {value} on a calibration input; a model that computes non-finite values cannot be calibrated");
            }

            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
        }

        Count += values.Length;
    }

    /// <summary>Second pass: counts |x| into the histogram over 0..<see cref="MaxMagnitude"/>.</summary>
    public void ObserveHistogram(ReadOnlySpan<float> values)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException($"activation '{Tensor}': the histogram pass needs the range pass first");
        }

        if (!_histogramStarted)
        {
            _histogramStarted = true;
            _binWidth = MaxMagnitude / _histogram.Length;
        }

        int last = _histogram.Length - 1;
        foreach (float value in values)
        {
            float magnitude = Math.Abs(value);
            int bin = _binWidth == 0f ? 0 : Math.Min((int)(magnitude / _binWidth), last);
            _histogram[bin]++;
        }
    }

    /// <summary>The range the chosen <paramref name="method"/> gives.</summary>
    public (float Min, float Max) Range(CalibrationMethod method, double percentile) => method switch
    {
        CalibrationMethod.MinMax => MinMaxRange(),
        CalibrationMethod.Percentile => PercentileRange(percentile),
        CalibrationMethod.Entropy => EntropyRange(),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Everything observed.</summary>
    public (float Min, float Max) MinMaxRange()
    {
        EnsureObserved();
        return (_min, _max);
    }

    /// <summary>
    /// The smallest threshold (a histogram bin's upper edge) at or below which <paramref name="percentile"/>
    /// percent of the magnitudes lie.
    /// </summary>
    public (float Min, float Max) PercentileRange(double percentile)
    {
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "a percentile lies in (0, 100]");
        }

        EnsureHistogram();
        long total = Total();
        double wanted = total * percentile / 100.0;
        long cumulative = 0;
        for (int bin = 0; bin < _histogram.Length; bin++)
        {
            cumulative += _histogram[bin];
            if (cumulative >= wanted)
            {
                return Clip((bin + 1) * _binWidth);
            }
        }

        return Clip(MaxMagnitude);
    }

    /// <summary>
    /// The threshold that minimises the Kullback-Leibler divergence between the magnitudes'
    /// histogram clipped there (the clipped tail added to its last bin) and that histogram merged
    /// into as many levels as the quantized type has for it (255 above zero for a non-negative
    /// activation, 127 a side for a signed one) and spread back over its non-empty bins (TensorRT's
    /// entropy calibration), with the first bin's spike of exact zeros evened out.
    /// </summary>
    public (float Min, float Max) EntropyRange()
    {
        EnsureHistogram();
        int levels = _min >= 0f ? 255 : 127;
        int bins = _histogram.Length;
        if (_binWidth == 0f)
        {
            return Clip(0f);
        }

        // The first bin holds every exact zero a ReLU or padding produced; left as it is, that spike
        // dominates the divergence and pulls the threshold far down. It counts as its neighbour does.
        long[] histogram = (long[])_histogram.Clone();
        histogram[0] = histogram[1];
        double bestDivergence = double.PositiveInfinity;
        int bestBins = bins;
        var reference = new double[bins];
        var candidate = new double[bins];
        long beyond = 0;
        for (int i = levels; i < bins; i++)
        {
            beyond += histogram[i];
        }

        for (int edge = levels; edge <= bins; edge++)
        {
            // reference: the first `edge` bins with everything above them clipped into the last one.
            for (int b = 0; b < edge; b++)
            {
                reference[b] = histogram[b];
            }

            beyond -= edge > levels ? histogram[edge - 1] : 0;
            reference[edge - 1] += beyond;

            // candidate: the same bins (without the clipped tail) merged into `levels` groups and spread back.
            double perLevel = (double)edge / levels;
            for (int level = 0; level < levels; level++)
            {
                int start = (int)(level * perLevel);
                int end = level == levels - 1 ? edge : (int)((level + 1) * perLevel);
                double sum = 0;
                int nonEmpty = 0;
                for (int b = start; b < end; b++)
                {
                    sum += histogram[b];
                    nonEmpty += histogram[b] != 0 ? 1 : 0;
                }

                for (int b = start; b < end; b++)
                {
                    candidate[b] = histogram[b] != 0 ? sum / nonEmpty : 0;
                }
            }

            double divergence = Divergence(reference.AsSpan(0, edge), candidate.AsSpan(0, edge));
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                bestBins = edge;
            }
        }

        return Clip(bestBins * _binWidth);
    }

    /// <summary>KL(p || q) of two unnormalised histograms; a bin where p has mass and q none costs as if q held a tiny share there.</summary>
    internal static double Divergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double pTotal = 0;
        double qTotal = 0;
        for (int i = 0; i < p.Length; i++)
        {
            pTotal += p[i];
            qTotal += q[i];
        }

        if (pTotal == 0 || qTotal == 0)
        {
            return double.PositiveInfinity;
        }

        const double Floor = 1e-12;
        double divergence = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == 0)
            {
                continue;
            }

            double pi = p[i] / pTotal;
            double qi = Math.Max(q[i] / qTotal, Floor);
            divergence += pi * Math.Log(pi / qi);
        }

        return divergence;
    }

    private (float Min, float Max) Clip(float threshold) =>
        (_min >= 0f ? _min : Math.Max(_min, -threshold), Math.Min(_max, threshold));

    private long Total()
    {
        long total = 0;
        foreach (long count in _histogram)
        {
            total += count;
        }

        return total;
    }

    private void EnsureObserved()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException($"activation '{Tensor}' was not observed on any calibration input");
        }
    }

    private void EnsureHistogram()
    {
        EnsureObserved();
        if (!_histogramStarted)
        {
            throw new InvalidOperationException($"activation '{Tensor}': the percentile and entropy calibrators need the histogram pass");
        }
    }
}
