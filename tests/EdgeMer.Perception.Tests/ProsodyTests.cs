using EdgeMer.Perception.Voice;
using Xunit.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>The prosody measures on signals whose pitch, periodicity, loudness, spectrum and rhythm are known by construction.</summary>
public sealed class ProsodyTests(ITestOutputHelper output)
{
    public static TheoryData<double> Pitches => [65, 82.4, 110, 150, 196, 262, 349, 440];

    [Theory]
    [MemberData(nameof(Pitches))]
    public void F0_of_a_harmonic_tone_is_within_2_percent_in_every_frame(double f0)
    {
        var analyzer = new ProsodyAnalyzer();

        ProsodyFeatures features = analyzer.Analyze(SyntheticVoice.Harmonic(f0, 1.0));

        output.WriteLine($"{f0} Hz: mean {features.F0MeanHz:0.00} Hz, voiced {features.VoicedFraction:P0}");
        Assert.InRange(features.F0MeanHz, f0 * 0.98, f0 * 1.02);
        Assert.Equal(1f, features.VoicedFraction);
        foreach (float frame in analyzer.F0Contour)
        {
            Assert.InRange(frame, f0 * 0.98, f0 * 1.02);
        }

        Assert.InRange(features.F0StdSemitones, 0f, 0.1f);
    }

    [Fact]
    public void Noise_is_unvoiced_and_has_no_pitch()
    {
        ProsodyFeatures features = new ProsodyAnalyzer().Analyze(SyntheticVoice.Noise(16_000, 0.1, seed: 7));

        Assert.InRange(features.VoicedFraction, 0f, 0.05f);
        Assert.False(features.HasPitch);
        Assert.True(float.IsNaN(features.JitterLocal));
    }

    [Fact]
    public void A_glide_from_one_pitch_to_another_spans_its_range_in_semitones()
    {
        // 110 Hz to 220 Hz, exponentially: 12 semitones, evenly spread, so the 20th to 80th percentile is 60 % of an octave.
        var samples = new float[2 * SyntheticVoice.Rate];
        double phase = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double hz = 110 * Math.Pow(2, i / (double)samples.Length);
            phase += 2 * Math.PI * hz / SyntheticVoice.Rate;
            samples[i] = (float)((0.2 * Math.Sin(phase)) + (0.1 * Math.Sin(2 * phase)) + (0.05 * Math.Sin(3 * phase)));
        }

        ProsodyFeatures features = new ProsodyAnalyzer().Analyze(samples);

        output.WriteLine($"range {features.F0RangeSemitones:0.00} st, sd {features.F0StdSemitones:0.00} st, mean {features.F0MeanHz:0.0} Hz");
        Assert.InRange(features.F0RangeSemitones, 7.2f * 0.95f, 7.2f * 1.05f);
        Assert.InRange(features.F0StdSemitones, 12 / Math.Sqrt(12) * 0.9, 12 / Math.Sqrt(12) * 1.1);
        Assert.InRange(features.F0MeanHz, 110 * Math.Sqrt(2) * 0.98, 110 * Math.Sqrt(2) * 1.02);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.05)]
    public void Intensity_is_the_level_of_the_signal_in_dB_full_scale(double amplitude)
    {
        ProsodyFeatures features = new ProsodyAnalyzer().Analyze(SyntheticVoice.Sine(220, 1.0, amplitude));

        double expected = 20 * Math.Log10(amplitude / Math.Sqrt(2));
        Assert.InRange(features.IntensityDb, expected - 0.3, expected + 0.3);
        Assert.InRange(features.IntensityStdDb, 0f, 0.3f);
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(10.0)]
    [InlineData(3.0)]
    public void Harmonics_to_noise_ratio_follows_the_noise_added(double hnr)
    {
        float[] voice = SyntheticVoice.Harmonic(150, 1.0, amplitude: 0.2);
        double noisePower = SyntheticVoice.Power(voice) / Math.Pow(10, hnr / 10);
        float[] noisy = SyntheticVoice.Add(voice, SyntheticVoice.Noise(voice.Length, Math.Sqrt(noisePower), seed: 3));

        ProsodyFeatures features = new ProsodyAnalyzer(new ProsodyOptions { YinThreshold = 0.45f }).Analyze(noisy);

        output.WriteLine($"HNR {hnr} dB: measured {features.HnrDb:0.0} dB, voiced {features.VoicedFraction:P0}, F0 {features.F0MeanHz:0.0} Hz");
        Assert.InRange(features.HnrDb, hnr - 2.5, hnr + 2.5);
    }

    [Theory]
    [InlineData(120.0, 0.0)]
    [InlineData(120.0, 0.01)]
    [InlineData(200.0, 0.02)]
    public void Local_jitter_is_the_relative_change_of_period_from_cycle_to_cycle(double f0, double deviation)
    {
        // Periods alternate T(1 + d), T(1 - d): consecutive periods differ by 2dT, the mean period is T.
        float[] pulses = SyntheticVoice.Pulses(i => (1 + (i % 2 == 0 ? deviation : -deviation)) / f0, _ => 0.5, 1.0);

        ProsodyFeatures features = new ProsodyAnalyzer().Analyze(pulses);

        output.WriteLine($"jitter {deviation * 2:P2} made, {features.JitterLocal:P2} measured; shimmer {features.ShimmerLocalDb:0.000} dB; F0 {features.F0MeanHz:0.0} Hz");
        Assert.InRange(features.JitterLocal, (2 * deviation) - 0.002, (2 * deviation) + 0.002);
        Assert.InRange(features.ShimmerLocalDb, 0f, 0.05f);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.15)]
    public void Local_shimmer_is_the_change_of_peak_amplitude_from_cycle_to_cycle_in_dB(double deviation)
    {
        float[] pulses = SyntheticVoice.Pulses(_ => 1 / 140.0, i => 0.4 * (1 + (i % 2 == 0 ? deviation : -deviation)), 1.0);

        ProsodyFeatures features = new ProsodyAnalyzer().Analyze(pulses);

        double expected = 20 * Math.Log10((1 + deviation) / (1 - deviation));
        output.WriteLine($"shimmer {expected:0.000} dB made, {features.ShimmerLocalDb:0.000} dB measured; jitter {features.JitterLocal:P3}");
        Assert.InRange(features.ShimmerLocalDb, expected * 0.95, expected * 1.05);
        Assert.InRange(features.JitterLocal, 0f, 0.002f);
    }

    [Fact]
    public void Spectral_centroid_and_alpha_ratio_follow_where_the_energy_is()
    {
        ProsodyFeatures low = new ProsodyAnalyzer().Analyze(SyntheticVoice.Sine(500, 1.0, 0.3));
        ProsodyFeatures high = new ProsodyAnalyzer().Analyze(SyntheticVoice.Sine(2000, 1.0, 0.3));

        output.WriteLine($"500 Hz: centroid {low.SpectralCentroidHz:0} Hz, alpha {low.AlphaRatioDb:0.0} dB, Hammarberg {low.HammarbergIndexDb:0.0} dB");
        output.WriteLine($"2000 Hz: centroid {high.SpectralCentroidHz:0} Hz, alpha {high.AlphaRatioDb:0.0} dB, Hammarberg {high.HammarbergIndexDb:0.0} dB");
        Assert.InRange(low.SpectralCentroidHz, 480, 520);
        Assert.InRange(high.SpectralCentroidHz, 1950, 2050);
        Assert.True(low.AlphaRatioDb < -30, $"alpha ratio of a 500 Hz tone: {low.AlphaRatioDb} dB");
        Assert.True(high.AlphaRatioDb > 30, $"alpha ratio of a 2 kHz tone: {high.AlphaRatioDb} dB");
        Assert.True(low.HammarbergIndexDb > 30 && high.HammarbergIndexDb < 30, "the Hammarberg index compares 0-2 kHz with 2-5 kHz");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(4.0)]
    [InlineData(6.0)]
    public void Syllable_rate_counts_the_bursts_of_a_voiced_signal(double rate)
    {
        float[] speechLike = SyntheticVoice.Syllables(SyntheticVoice.Harmonic(140, 3.0), rate);

        ProsodyFeatures features = new ProsodyAnalyzer().Analyze(speechLike);

        output.WriteLine($"{rate}/s made, {features.SyllableRate:0.00}/s measured");
        Assert.InRange(features.SyllableRate, rate * 0.85, rate * 1.15);
    }

    public static TheoryData<string, int> EspeakVoices => new()
    {
        { "en", 20 }, { "en", 50 }, { "en", 90 },
        { "en+f3", 10 }, { "en+f3", 50 }, { "en+f3", 90 },
        { "en+m3", 50 }, { "en-us", 70 },
    };

    [Theory]
    [MemberData(nameof(EspeakVoices))]
    public void F0_of_monotone_espeak_ng_speech_is_within_2_percent_of_its_harmonic_spectrum(string voice, int pitch)
    {
        // espeak-ng holds a monotone rendering (SSML prosody range 0) at the pitch its -p setting gives
        // the voice; the fundamental of the harmonic comb of the whole rendering is an estimate
        // independent of YIN's time-domain one.
        float[] speech = TestAudio.Trim(TestAudio.Speech("Maybe we can all meet near the river tomorrow morning.", voice, pitch, monotone: true));

        ProsodyFeatures features = new ProsodyAnalyzer().Analyze(speech);
        double reference = HarmonicFundamental(speech, 50, 400);

        output.WriteLine($"{voice} -p {pitch}: YIN {features.F0MeanHz:0.00} Hz ({features.VoicedFraction:P0} voiced, sd {features.F0StdSemitones:0.00} st), harmonic spectrum {reference:0.00} Hz");
        Assert.InRange(features.F0MeanHz, reference * 0.98, reference * 1.02);
        Assert.InRange(features.F0StdSemitones, 0f, 0.5f);
    }

    [Fact]
    public void A_higher_espeak_ng_pitch_setting_gives_a_higher_F0()
    {
        float[] f0 = [.. new[] { 10, 30, 50, 70, 90 }.Select(p => new ProsodyAnalyzer().Analyze(TestAudio.Trim(TestAudio.Speech("Nobody knew where the yellow van was going.", "en", p))).F0MeanHz)];

        output.WriteLine(string.Join(", ", f0.Select(f => $"{f:0.0} Hz")));
        for (int i = 1; i < f0.Length; i++)
        {
            Assert.True(f0[i] > f0[i - 1] * 1.05, $"pitch setting {(i * 20) + 10} gave {f0[i]:0.0} Hz, not above {f0[i - 1]:0.0} Hz");
        }
    }

    /// <summary>
    /// The fundamental of the harmonic comb in the power spectrum of the whole Hann-windowed signal
    /// (zero-padded to 2^18 points, 0.06 Hz a bin): the f in [<paramref name="low"/>,
    /// <paramref name="high"/>] (0.1 % steps) whose harmonics up to 1.2 kHz, each taken as the power
    /// within 0.5 % of it, hold the most power. A comb at a subharmonic collects the same power, so
    /// while the comb at twice the winner has (almost) nothing between its teeth, twice the winner is
    /// the fundamental.
    /// </summary>
    private static double HarmonicFundamental(float[] samples, double low, double high)
    {
        const int size = 1 << 18;
        var re = new double[size];
        var im = new double[size];
        for (int i = 0; i < samples.Length; i++)
        {
            re[i] = samples[i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / samples.Length)));
        }

        Fft(re, im);
        double binHz = SyntheticVoice.Rate / (double)size;
        var power = new double[(size / 2) + 1];
        var cumulative = new double[power.Length + 1];
        for (int k = 0; k < power.Length; k++)
        {
            power[k] = (re[k] * re[k]) + (im[k] * im[k]);
            cumulative[k + 1] = cumulative[k] + power[k];
        }

        double Band(double hz)
        {
            int from = (int)Math.Floor(hz * 0.995 / binHz), to = (int)Math.Ceiling(hz * 1.005 / binHz);
            return cumulative[Math.Min(to + 1, power.Length)] - cumulative[from];
        }

        double Comb(double f, double offset)
        {
            double sum = 0;
            for (int k = 1; (k + offset) * f <= 1200; k++)
            {
                sum += Band((k + offset) * f);
            }

            return sum;
        }

        double best = low, bestScore = -1;
        for (double f = low; f <= high; f *= 1.001)
        {
            double score = Comb(f, 0);
            if (score > bestScore)
            {
                (best, bestScore) = (f, score);
            }
        }

        while (best * 2 <= high && Comb(best * 2, -0.5) < 0.1 * Comb(best * 2, 0))
        {
            best *= 2;
        }

        return best;
    }

    /// <summary>In-place iterative radix-2 FFT.</summary>
    private static void Fft(double[] re, double[] im)
    {
        int n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            double angle = -2 * Math.PI / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < length / 2; k++)
                {
                    double wr = Math.Cos(angle * k), wi = Math.Sin(angle * k);
                    int a = start + k, b = a + (length / 2);
                    double tr = (re[b] * wr) - (im[b] * wi), ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
