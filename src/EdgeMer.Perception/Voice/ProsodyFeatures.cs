namespace EdgeMer.Perception.Voice;

/// <summary>
/// The acoustic evidence of one speech segment, after the extended Geneva Minimalistic Acoustic
/// Parameter Set (eGeMAPS, Eyben et al. 2016) where it defines the measure. Pitch measures are
/// <see cref="float.NaN"/> when the segment has too few voiced frames (<see cref="HasPitch"/> false).
/// </summary>
public readonly record struct ProsodyFeatures
{
    /// <summary>How long the segment is, in seconds.</summary>
    public float DurationSeconds { get; init; }

    /// <summary>Share of the segment's 10 ms frames that are voiced.</summary>
    public float VoicedFraction { get; init; }

    /// <summary>Whether enough frames were voiced for the pitch, HNR, jitter and shimmer measures.</summary>
    public bool HasPitch => !float.IsNaN(F0MeanHz);

    /// <summary>Mean F0 of the voiced frames (the geometric mean: the mean on the semitone scale), Hz.</summary>
    public float F0MeanHz { get; init; }

    /// <summary>Mean F0 in semitones above 27.5 Hz, as eGeMAPS gives it.</summary>
    public float F0MeanSemitones { get; init; }

    /// <summary>Standard deviation of F0 in semitones: pitch variability.</summary>
    public float F0StdSemitones { get; init; }

    /// <summary>The 20th to 80th percentile of F0 in semitones: pitch range.</summary>
    public float F0RangeSemitones { get; init; }

    /// <summary>Mean level of the frames that are not pauses, dB relative to full scale (RMS).</summary>
    public float IntensityDb { get; init; }

    /// <summary>Standard deviation of that level, dB.</summary>
    public float IntensityStdDb { get; init; }

    /// <summary>Syllable nuclei (voiced intensity peaks set off by dips, after de Jong and Wempe 2009) per second of segment.</summary>
    public float SyllableRate { get; init; }

    /// <summary>Mean spectral centroid of the voiced frames, Hz.</summary>
    public float SpectralCentroidHz { get; init; }

    /// <summary>Alpha ratio: energy in 1–5 kHz over energy in 50 Hz–1 kHz of the voiced frames, dB (eGeMAPS).</summary>
    public float AlphaRatioDb { get; init; }

    /// <summary>Hammarberg index: strongest peak in 0–2 kHz over strongest peak in 2–5 kHz of the voiced frames, dB (eGeMAPS).</summary>
    public float HammarbergIndexDb { get; init; }

    /// <summary>Harmonics-to-noise ratio of the voiced frames from the normalised autocorrelation at the period (Boersma 1993), dB.</summary>
    public float HnrDb { get; init; }

    /// <summary>Local jitter: mean absolute difference of consecutive glottal periods over the mean period (a fraction, 0.01 = 1 %).</summary>
    public float JitterLocal { get; init; }

    /// <summary>Local shimmer: mean absolute difference of consecutive periods' peak amplitudes, dB.</summary>
    public float ShimmerLocalDb { get; init; }
}
