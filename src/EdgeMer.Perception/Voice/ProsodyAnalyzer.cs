using System.Numerics;
using System.Runtime.InteropServices;
using EdgeMer.Capture;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// Measures the prosody and voice quality of one speech segment (<see cref="ProsodyFeatures"/>): F0 by
/// YIN (de Cheveigné and Kawahara 2002) every 10 ms with a voiced/unvoiced decision, intensity, pitch
/// variability and range, a speaking-rate proxy from syllable nuclei, spectral centroid, alpha ratio,
/// Hammarberg index, harmonics-to-noise ratio, jitter and shimmer. Every buffer is sized once for the
/// longest segment, so an analysis allocates nothing. One thread at a time.
/// </summary>
public sealed class ProsodyAnalyzer
{
    /// <summary>Frame step: 10 ms.</summary>
    public const int Hop = AudioChunk.SampleRate / 100;

    /// <summary>YIN's integration window: 25 ms.</summary>
    private const int Window = AudioChunk.SampleRate / 40;

    private const int SpectrumSize = 512;
    private const double SemitoneReference = 27.5;
    private const float PeakDipDb = 2f;
    private const float NucleusRangeDb = 25f;

    private readonly ProsodyOptions _options;
    private readonly int _tauMin, _tauMax, _frameLength, _maxSamples;
    private readonly double[] _energy;
    private readonly float[] _difference;
    private readonly float[] _f0, _level, _smoothed, _periodicity, _sorted;
    private readonly bool[] _voiced;
    private readonly PowerSpectrum _spectrum = new(SpectrumSize);
    private readonly float[] _power = new float[(SpectrumSize / 2) + 1];
    private int _frames;

    /// <param name="options">The settings (defaults when null).</param>
    /// <param name="maxSeconds">The longest segment analysed; longer ones are analysed on their first <paramref name="maxSeconds"/>.</param>
    public ProsodyAnalyzer(ProsodyOptions? options = null, double maxSeconds = 16)
    {
        options ??= new ProsodyOptions();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeconds, 0.1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSeconds, 120);
        _options = options;
        _tauMin = (int)Math.Floor(AudioChunk.SampleRate / options.MaxF0);
        _tauMax = (int)Math.Ceiling(AudioChunk.SampleRate / options.MinF0);
        _frameLength = Window + _tauMax + 1;
        _maxSamples = (int)(maxSeconds * AudioChunk.SampleRate);
        int maxFrames = (_maxSamples / Hop) + 1;
        _energy = new double[_maxSamples + 1];
        _difference = new float[_tauMax + 2];
        _f0 = new float[maxFrames];
        _level = new float[maxFrames];
        _smoothed = new float[maxFrames];
        _periodicity = new float[maxFrames];
        _sorted = new float[maxFrames];
        _voiced = new bool[maxFrames];
    }

    /// <summary>F0 of each 10 ms frame of the last analysis, Hz (0 where unvoiced).</summary>
    public ReadOnlySpan<float> F0Contour => _f0.AsSpan(0, _frames);

    /// <summary>Where in the last analysed samples frame <paramref name="frame"/> is centred.</summary>
    public int FrameCentre(int frame) => (frame * Hop) + (_frameLength / 2);

    /// <summary>Measures <paramref name="samples"/> (16 kHz mono, one speech segment).</summary>
    public ProsodyFeatures Analyze(ReadOnlySpan<float> samples)
    {
        if (samples.Length > _maxSamples)
        {
            samples = samples[.._maxSamples];
        }

        float duration = samples.Length / (float)AudioChunk.SampleRate;
        _frames = samples.Length >= _frameLength ? ((samples.Length - _frameLength) / Hop) + 1 : 0;
        if (_frames == 0)
        {
            return Unmeasured(duration);
        }

        _energy[0] = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            _energy[i + 1] = _energy[i] + (samples[i] * (double)samples[i]);
        }

        float loudest = float.NegativeInfinity;
        for (int f = 0; f < _frames; f++)
        {
            int at = f * Hop;
            _level[f] = Decibels((_energy[at + Window] - _energy[at]) / Window);
            loudest = Math.Max(loudest, _level[f]);
        }

        float floor = Math.Max(loudest - _options.DynamicRangeDb, -70f);
        int voiced = 0;
        double hnrSum = 0;
        for (int f = 0; f < _frames; f++)
        {
            Pitch(samples, f * Hop, out float f0, out float periodicity, out bool periodic);
            _voiced[f] = periodic && _level[f] >= floor;
            _f0[f] = _voiced[f] ? f0 : 0f;
            _periodicity[f] = periodicity;
            if (_voiced[f])
            {
                voiced++;
                float r = Math.Clamp(periodicity, 1e-4f, 0.9999f);
                hnrSum += 10 * Math.Log10(r / (1 - r));
            }
        }

        (float levelMean, float levelStd, int speaking) = LevelStatistics(floor);
        ProsodyFeatures features = new()
        {
            DurationSeconds = duration,
            VoicedFraction = voiced / (float)_frames,
            IntensityDb = levelMean,
            IntensityStdDb = levelStd,
            SyllableRate = Nuclei(floor) / duration,
            F0MeanHz = float.NaN,
            F0MeanSemitones = float.NaN,
            F0StdSemitones = float.NaN,
            F0RangeSemitones = float.NaN,
            SpectralCentroidHz = float.NaN,
            AlphaRatioDb = float.NaN,
            HammarbergIndexDb = float.NaN,
            HnrDb = float.NaN,
            JitterLocal = float.NaN,
            ShimmerLocalDb = float.NaN,
        };
        if (voiced < 3 || speaking == 0)
        {
            return features;
        }

        (float mean, float std, float range) = PitchStatistics(voiced);
        (float centroid, float alpha, float hammarberg) = Spectrum(samples, voiced);
        (float jitter, float shimmer) = Perturbation(samples);
        return features with
        {
            F0MeanSemitones = mean,
            F0MeanHz = (float)(SemitoneReference * Math.Pow(2, mean / 12.0)),
            F0StdSemitones = std,
            F0RangeSemitones = range,
            SpectralCentroidHz = centroid,
            AlphaRatioDb = alpha,
            HammarbergIndexDb = hammarberg,
            HnrDb = (float)(hnrSum / voiced),
            JitterLocal = jitter,
            ShimmerLocalDb = shimmer,
        };
    }

    /// <summary>
    /// YIN on the frame starting at <paramref name="at"/>: the difference function, its cumulative mean
    /// normalisation, the first dip under the threshold followed down to its minimum, and parabolic
    /// interpolation. <paramref name="periodicity"/> is the normalised autocorrelation at that period.
    /// </summary>
    private void Pitch(ReadOnlySpan<float> samples, int at, out float f0, out float periodicity, out bool periodic)
    {
        ReadOnlySpan<float> head = samples.Slice(at, Window);
        double e0 = _energy[at + Window] - _energy[at];
        Span<float> d = _difference;
        d[0] = 1f;
        double running = 0;
        for (int tau = 1; tau <= _tauMax + 1; tau++)
        {
            double et = _energy[at + tau + Window] - _energy[at + tau];
            double diff = Math.Max(0, e0 + et - (2 * Dot(head, samples.Slice(at + tau, Window))));
            running += diff;
            d[tau] = running > 0 ? (float)(diff * tau / running) : 1f;
        }

        int best = -1;
        for (int tau = _tauMin; tau <= _tauMax; tau++)
        {
            if (d[tau] < _options.YinThreshold)
            {
                while (tau + 1 <= _tauMax && d[tau + 1] < d[tau])
                {
                    tau++;
                }

                best = tau;
                break;
            }
        }

        periodic = best > 0;
        if (best < 0)
        {
            best = _tauMin;
            for (int tau = _tauMin + 1; tau <= _tauMax; tau++)
            {
                best = d[tau] < d[best] ? tau : best;
            }
        }

        double period = best;
        if (best > 1 && best < _tauMax + 1)
        {
            double a = d[best - 1], b = d[best], c = d[best + 1];
            double curvature = a - (2 * b) + c;
            if (curvature > 0)
            {
                period += 0.5 * (a - c) / curvature;
            }
        }

        f0 = (float)(AudioChunk.SampleRate / period);
        double eb = _energy[at + best + Window] - _energy[at + best];
        double r = Dot(head, samples.Slice(at + best, Window));
        periodicity = e0 > 0 && eb > 0 ? (float)Math.Clamp(r / Math.Sqrt(e0 * eb), 0, 1) : 0f;
    }

    private (float Mean, float Std, int Speaking) LevelStatistics(float floor)
    {
        double sum = 0, squares = 0;
        int n = 0;
        for (int f = 0; f < _frames; f++)
        {
            if (_level[f] >= floor)
            {
                sum += _level[f];
                squares += _level[f] * (double)_level[f];
                n++;
            }
        }

        if (n == 0)
        {
            return (float.NaN, float.NaN, 0);
        }

        double mean = sum / n;
        return ((float)mean, (float)Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))), n);
    }

    /// <summary>
    /// Syllable nuclei after de Jong and Wempe (2009): peaks of the intensity contour (smoothed over
    /// 50 ms) in voiced frames, within <see cref="NucleusRangeDb"/> of the loudest frame, each set off
    /// from the previous one by a dip of at least <see cref="PeakDipDb"/>; of two peaks without such a
    /// dip between them, the higher counts.
    /// </summary>
    private int Nuclei(float floor)
    {
        float loudest = float.NegativeInfinity;
        for (int f = 0; f < _frames; f++)
        {
            double energy = 0;
            int n = 0;
            for (int k = Math.Max(0, f - 2); k <= Math.Min(_frames - 1, f + 2); k++)
            {
                energy += Math.Pow(10, _level[k] / 10.0);
                n++;
            }

            _smoothed[f] = Decibels(energy / n);
            loudest = Math.Max(loudest, _smoothed[f]);
        }

        float threshold = Math.Max(floor, loudest - NucleusRangeDb);
        int count = 0;
        float lastPeak = float.NaN;
        float dip = float.PositiveInfinity;
        for (int f = 0; f < _frames; f++)
        {
            float level = _smoothed[f];
            dip = Math.Min(dip, level);
            bool peak = (f == 0 || level >= _smoothed[f - 1]) && (f == _frames - 1 || level > _smoothed[f + 1]);
            if (!peak || !_voiced[f] || level < threshold)
            {
                continue;
            }

            if (float.IsNaN(lastPeak) || (lastPeak - dip >= PeakDipDb && level - dip >= PeakDipDb))
            {
                count++;
                lastPeak = level;
                dip = level;
            }
            else if (level > lastPeak)
            {
                lastPeak = level;
                dip = level;
            }
        }

        return count;
    }

    private (float Mean, float Std, float Range) PitchStatistics(int voiced)
    {
        Span<float> semitones = _sorted.AsSpan(0, voiced);
        int n = 0;
        double sum = 0;
        for (int f = 0; f < _frames; f++)
        {
            if (_voiced[f])
            {
                float st = (float)(12 * Math.Log2(_f0[f] / SemitoneReference));
                semitones[n++] = st;
                sum += st;
            }
        }

        double mean = sum / n, squares = 0;
        for (int i = 0; i < n; i++)
        {
            squares += (semitones[i] - mean) * (semitones[i] - mean);
        }

        HeapSort(semitones);
        return ((float)mean, (float)Math.Sqrt(squares / n), Percentile(semitones, 0.8) - Percentile(semitones, 0.2));
    }

    private (float Centroid, float Alpha, float Hammarberg) Spectrum(ReadOnlySpan<float> samples, int voiced)
    {
        float binHz = AudioChunk.SampleRate / (float)SpectrumSize;
        double centroidSum = 0, alphaSum = 0, hammarbergSum = 0;
        int n = 0;
        for (int f = 0; f < _frames; f++)
        {
            if (!_voiced[f])
            {
                continue;
            }

            int start = Math.Clamp(FrameCentre(f) - (SpectrumSize / 2), 0, samples.Length - SpectrumSize);
            if (start < 0)
            {
                break;
            }

            _spectrum.Compute(samples.Slice(start, SpectrumSize), _power);
            double total = 0, weighted = 0, low = 0, high = 0, lowPeak = 0, highPeak = 0;
            for (int k = 1; k < _power.Length; k++)
            {
                float hz = k * binHz;
                double p = _power[k];
                total += p;
                weighted += p * hz;
                if (hz is >= 50f and < 1000f)
                {
                    low += p;
                }
                else if (hz is >= 1000f and <= 5000f)
                {
                    high += p;
                }

                if (hz < 2000f)
                {
                    lowPeak = Math.Max(lowPeak, p);
                }
                else if (hz <= 5000f)
                {
                    highPeak = Math.Max(highPeak, p);
                }
            }

            if (total <= 0)
            {
                continue;
            }

            centroidSum += weighted / total;
            alphaSum += 10 * Math.Log10((high + 1e-20) / (low + 1e-20));
            hammarbergSum += 10 * Math.Log10((lowPeak + 1e-20) / (highPeak + 1e-20));
            n++;
        }

        return n == 0 ? (float.NaN, float.NaN, float.NaN) : ((float)(centroidSum / n), (float)(alphaSum / n), (float)(hammarbergSum / n));
    }

    /// <summary>
    /// Jitter and shimmer from glottal cycle marks: within each run of voiced frames, from the highest
    /// sample of the first period, each next mark is the highest sample 0.75 to 1.25 local periods
    /// later, placed between samples by parabolic interpolation; periods and peak amplitudes of
    /// consecutive cycles of a run are compared.
    /// </summary>
    private (float Jitter, float Shimmer) Perturbation(ReadOnlySpan<float> samples)
    {
        double periodDiffs = 0, periods = 0, amplitudeDiffs = 0;
        int periodDiffCount = 0, periodCount = 0, amplitudeDiffCount = 0;
        int f = 0;
        while (f < _frames)
        {
            if (!_voiced[f])
            {
                f++;
                continue;
            }

            int first = f;
            while (f < _frames && _voiced[f])
            {
                f++;
            }

            int last = f - 1;
            if (last - first < 2)
            {
                continue;
            }

            int begin = FrameCentre(first) - (Hop / 2), end = Math.Min(samples.Length - 2, FrameCentre(last) + (Hop / 2));
            double period = AudioChunk.SampleRate / _f0[first];
            int mark = HighestIn(samples, begin, begin + (int)period);
            double position = Refine(samples, mark, out double amplitude);
            double lastPeriod = double.NaN;
            while (true)
            {
                int frame = Math.Clamp((mark - (_frameLength / 2) + (Hop / 2)) / Hop, first, last);
                period = AudioChunk.SampleRate / _f0[frame];
                int from = mark + (int)Math.Ceiling(0.75 * period), to = mark + (int)Math.Floor(1.25 * period);
                if (to >= end)
                {
                    break;
                }

                int next = HighestIn(samples, from, to);
                double nextPosition = Refine(samples, next, out double nextAmplitude);
                double cycle = nextPosition - position;
                periods += cycle;
                periodCount++;
                if (!double.IsNaN(lastPeriod))
                {
                    periodDiffs += Math.Abs(cycle - lastPeriod);
                    periodDiffCount++;
                }

                if (amplitude > 0 && nextAmplitude > 0)
                {
                    amplitudeDiffs += Math.Abs(20 * Math.Log10(nextAmplitude / amplitude));
                    amplitudeDiffCount++;
                }

                lastPeriod = cycle;
                amplitude = nextAmplitude;
                mark = next;
                position = nextPosition;
            }
        }

        float jitter = periodDiffCount > 0 ? (float)(periodDiffs / periodDiffCount / (periods / periodCount)) : float.NaN;
        float shimmer = amplitudeDiffCount > 0 ? (float)(amplitudeDiffs / amplitudeDiffCount) : float.NaN;
        return (jitter, shimmer);
    }

    private static int HighestIn(ReadOnlySpan<float> samples, int from, int to)
    {
        int best = from;
        for (int i = from + 1; i <= to; i++)
        {
            best = samples[i] > samples[best] ? i : best;
        }

        return best;
    }

    /// <summary>The peak at <paramref name="at"/> placed between samples by a parabola through its neighbours.</summary>
    private static double Refine(ReadOnlySpan<float> samples, int at, out double amplitude)
    {
        amplitude = samples[at];
        if (at <= 0 || at >= samples.Length - 1)
        {
            return at;
        }

        double a = samples[at - 1], b = samples[at], c = samples[at + 1];
        double curvature = a - (2 * b) + c;
        if (curvature >= 0)
        {
            return at;
        }

        double offset = 0.5 * (a - c) / curvature;
        amplitude = b - (0.25 * (a - c) * offset);
        return at + offset;
    }

    /// <summary>
    /// Sorts in place. Not <c>Span.Sort</c>: under Native AOT that sorts through a comparison delegate
    /// made on every call, 48 bytes per segment.
    /// </summary>
    private static void HeapSort(Span<float> values)
    {
        for (int start = (values.Length / 2) - 1; start >= 0; start--)
        {
            SiftDown(values, start, values.Length);
        }

        for (int end = values.Length - 1; end > 0; end--)
        {
            (values[0], values[end]) = (values[end], values[0]);
            SiftDown(values, 0, end);
        }
    }

    private static void SiftDown(Span<float> heap, int root, int length)
    {
        while (true)
        {
            int child = (2 * root) + 1;
            if (child >= length)
            {
                return;
            }

            if (child + 1 < length && heap[child + 1] > heap[child])
            {
                child++;
            }

            if (heap[root] >= heap[child])
            {
                return;
            }

            (heap[root], heap[child]) = (heap[child], heap[root]);
            root = child;
        }
    }

    private static float Percentile(ReadOnlySpan<float> sorted, double p)
    {
        double at = p * (sorted.Length - 1);
        int below = (int)Math.Floor(at);
        int above = Math.Min(sorted.Length - 1, below + 1);
        return (float)(sorted[below] + ((at - below) * (sorted[above] - sorted[below])));
    }

    private static float Decibels(double power) => (float)(10 * Math.Log10(power + 1e-12));

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        var sum = Vector<float>.Zero;
        ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
        ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (int v = 0; v < va.Length; v++)
        {
            sum += va[v] * vb[v];
        }

        i = va.Length * Vector<float>.Count;
        double total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static ProsodyFeatures Unmeasured(float duration) => new()
    {
        DurationSeconds = duration,
        F0MeanHz = float.NaN,
        F0MeanSemitones = float.NaN,
        F0StdSemitones = float.NaN,
        F0RangeSemitones = float.NaN,
        IntensityDb = float.NaN,
        IntensityStdDb = float.NaN,
        SpectralCentroidHz = float.NaN,
        AlphaRatioDb = float.NaN,
        HammarbergIndexDb = float.NaN,
        HnrDb = float.NaN,
        JitterLocal = float.NaN,
        ShimmerLocalDb = float.NaN,
    };
}
