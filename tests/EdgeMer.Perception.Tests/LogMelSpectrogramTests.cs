using EdgeMer.Perception.Voice;

namespace EdgeMer.Perception.Tests;

/// <summary>EdgeMer's log-mel front end against a straightforward computation of the same definition.</summary>
public sealed class LogMelSpectrogramTests
{
    [Theory]
    [InlineData(16, 20)]
    [InlineData(64, 12)]
    [InlineData(80, 5)]
    public void The_front_end_matches_a_direct_DFT_through_mel_triangles(int melBins, int frames)
    {
        float[] sound = TestAudio.Trim(TestAudio.Speech("Maybe we can all meet near the river tomorrow morning.", "en"));
        float[] samples = sound.AsSpan(TestAudio.Rate / 2, LogMelSpectrogram.SamplesFor(frames)).ToArray();
        var front = new LogMelSpectrogram(melBins);
        var values = new float[frames * melBins];

        front.Compute(samples, frames, values);

        double[] expected = Reference(samples, frames, melBins);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-3 + (1e-4 * Math.Abs(expected[i])), $"frame {i / melBins}, mel bin {i % melBins}: {values[i]} where the direct computation gives {expected[i]}");
        }
    }

    [Fact]
    public void A_tone_lands_in_the_mel_filter_centred_nearest_it()
    {
        var front = new LogMelSpectrogram(40);
        float[] tone = SyntheticVoice.Sine(1000, 0.2, 0.5);
        var values = new float[40];

        front.Compute(tone.AsSpan(0, LogMelSpectrogram.SamplesFor(1)), 1, values);

        double top = LogMelSpectrogram.Mel(8000);
        int nearest = Enumerable.Range(0, 40).MinBy(m => Math.Abs(LogMelSpectrogram.Hz(top * (m + 1) / 41) - 1000));
        Assert.Equal(nearest, Array.IndexOf(values, values.Max()));
    }

    /// <summary>
    /// The definition written out: frame f = samples [160f, 160f + 400), times the periodic Hann window,
    /// zero-padded to 512; |DFT|² at k·16000/512 Hz; each mel filter a triangle between the HTK-mel-spaced
    /// points m, m+1, m+2 of melBins + 2 points from 0 Hz to 8 kHz; ln of the filter's energy, floored at 1e-10.
    /// </summary>
    private static double[] Reference(float[] samples, int frames, int melBins)
    {
        var result = new double[frames * melBins];
        double melTop = 2595 * Math.Log10(1 + (8000 / 700.0));
        for (int f = 0; f < frames; f++)
        {
            var power = new double[257];
            for (int k = 0; k < 257; k++)
            {
                double re = 0, im = 0;
                for (int n = 0; n < 400; n++)
                {
                    double x = samples[(f * 160) + n] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * n / 400)));
                    re += x * Math.Cos(2 * Math.PI * k * n / 512);
                    im -= x * Math.Sin(2 * Math.PI * k * n / 512);
                }

                power[k] = (re * re) + (im * im);
            }

            for (int m = 0; m < melBins; m++)
            {
                double Point(int j) => 700 * (Math.Pow(10, melTop * j / (melBins + 1) / 2595) - 1);
                double left = Point(m), centre = Point(m + 1), right = Point(m + 2), energy = 0;
                for (int k = 0; k < 257; k++)
                {
                    double hz = k * 16000.0 / 512;
                    if (hz > left && hz < right)
                    {
                        energy += power[k] * (hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre));
                    }
                }

                result[(f * melBins) + m] = Math.Log(Math.Max(energy, 1e-10));
            }
        }

        return result;
    }
}
