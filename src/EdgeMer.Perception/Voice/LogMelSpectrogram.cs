using EdgeMer.Capture;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// EdgeMer's log-mel front end for speech models that take a spectrogram (manifest content
/// <c>log-mel-16k</c>): 25 ms periodic-Hann frames every 10 ms, a 512-point FFT of each (zero-padded),
/// the power spectrum through triangular mel filters spaced evenly on the HTK mel scale
/// (2595·log10(1 + f/700)) from 0 Hz to 8 kHz, and the natural log of each filter's energy (floored at
/// 1e-10). Frame f starts at sample 160·f; <see cref="SamplesFor"/> says how much sound a spectrogram
/// of some frames needs. Buffers are sized once; computing allocates nothing.
/// </summary>
public sealed class LogMelSpectrogram
{
    /// <summary>Frame length: 25 ms.</summary>
    public const int FrameLength = AudioChunk.SampleRate / 40;

    /// <summary>Frame step: 10 ms.</summary>
    public const int Hop = AudioChunk.SampleRate / 100;

    /// <summary>FFT length.</summary>
    public const int FftSize = 512;

    /// <summary>The floor under a filter's energy before the log.</summary>
    public const float EnergyFloor = 1e-10f;

    private readonly PowerSpectrum _spectrum = new(FftSize, FrameLength);
    private readonly float[] _power = new float[(FftSize / 2) + 1];
    private readonly float[] _filters;

    /// <param name="melBins">Mel filters (the model's input width), 1 to 256.</param>
    public LogMelSpectrogram(int melBins)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(melBins);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(melBins, 256);
        MelBins = melBins;
        _filters = new float[melBins * _power.Length];
        double top = Mel(AudioChunk.SampleRate / 2.0);
        for (int m = 0; m < melBins; m++)
        {
            double low = Hz(top * m / (melBins + 1)), centre = Hz(top * (m + 1) / (melBins + 1)), high = Hz(top * (m + 2) / (melBins + 1));
            for (int k = 0; k < _power.Length; k++)
            {
                double f = k * (double)AudioChunk.SampleRate / FftSize;
                double weight = f <= centre ? (f - low) / (centre - low) : (high - f) / (high - centre);
                _filters[(m * _power.Length) + k] = (float)Math.Max(0, weight);
            }
        }
    }

    public int MelBins { get; }

    /// <summary>Samples a spectrogram of <paramref name="frames"/> frames covers.</summary>
    public static int SamplesFor(int frames) => ((frames - 1) * Hop) + FrameLength;

    /// <summary>The HTK mel of <paramref name="hz"/>.</summary>
    public static double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));

    /// <summary>The frequency of HTK mel <paramref name="mel"/>.</summary>
    public static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>
    /// Writes the log-mel spectrogram of <paramref name="samples"/> (exactly <see cref="SamplesFor"/>
    /// frames) into <paramref name="destination"/>, frame by frame, <see cref="MelBins"/> values each.
    /// </summary>
    public void Compute(ReadOnlySpan<float> samples, int frames, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        if (samples.Length != SamplesFor(frames) || destination.Length != frames * MelBins)
        {
            throw new ArgumentException($"{frames} frames take {SamplesFor(frames)} samples and give {frames * MelBins} values; got {samples.Length} samples and room for {destination.Length}");
        }

        for (int f = 0; f < frames; f++)
        {
            _spectrum.Compute(samples.Slice(f * Hop, FrameLength), _power);
            Span<float> row = destination.Slice(f * MelBins, MelBins);
            for (int m = 0; m < MelBins; m++)
            {
                ReadOnlySpan<float> filter = _filters.AsSpan(m * _power.Length, _power.Length);
                double energy = 0;
                for (int k = 0; k < filter.Length; k++)
                {
                    energy += filter[k] * (double)_power[k];
                }

                row[m] = (float)Math.Log(Math.Max(energy, EnergyFloor));
            }
        }
    }
}
