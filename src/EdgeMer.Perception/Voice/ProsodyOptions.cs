using System.Globalization;

namespace EdgeMer.Perception.Voice;

/// <summary>The settings of <see cref="ProsodyAnalyzer"/>.</summary>
public sealed record ProsodyOptions
{
    /// <summary>Lowest F0 looked for. Default 50 Hz (low male voices).</summary>
    public float MinF0 { get; init; } = 50f;

    /// <summary>Highest F0 looked for. Default 500 Hz (children).</summary>
    public float MaxF0 { get; init; } = 500f;

    /// <summary>
    /// YIN's absolute threshold on the cumulative mean normalised difference: a frame whose best dip
    /// stays above it is unvoiced. Default 0.15 (de Cheveigné and Kawahara 2002 use 0.1 to 0.15).
    /// </summary>
    public float YinThreshold { get; init; } = 0.15f;

    /// <summary>Frames this far below the loudest frame of the segment count as pauses, not speech. Default 35 dB.</summary>
    public float DynamicRangeDb { get; init; } = 35f;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is out of range and what is allowed.</summary>
    public void Validate()
    {
        if (!(MinF0 >= 40f && MinF0 < MaxF0 && MaxF0 <= 1000f))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MinF0 is {MinF0} Hz and MaxF0 {MaxF0} Hz; allowed: 40 <= MinF0 < MaxF0 <= 1000"));
        }

        if (!(YinThreshold is > 0f and < 1f))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"YinThreshold is {YinThreshold}; allowed: above 0 and below 1"));
        }

        if (!(DynamicRangeDb is >= 10f and <= 90f))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"DynamicRangeDb is {DynamicRangeDb}; allowed: 10 to 90"));
        }
    }
}
