namespace EdgeMer.Perception.Voice;

/// <summary>The acoustic cues the speech affect heuristic reads (docs/perception.md, "Voice").</summary>
public enum SpeechCue
{
    /// <summary>Mean level, dB.</summary>
    Intensity,

    /// <summary>Mean F0, semitones above 27.5 Hz.</summary>
    PitchLevel,

    /// <summary>F0 standard deviation, semitones.</summary>
    PitchVariability,

    /// <summary>Syllable nuclei per second.</summary>
    SpeakingRate,

    /// <summary>Alpha ratio, dB (more energy above 1 kHz: a tenser, louder voice).</summary>
    SpectralBalance,

    /// <summary>Harmonics-to-noise ratio, dB.</summary>
    Harmonicity,
}
