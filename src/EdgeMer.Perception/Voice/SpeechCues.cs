namespace EdgeMer.Perception.Voice;

/// <summary>Where each <see cref="SpeechCue"/> comes from in <see cref="ProsodyFeatures"/>, and its population prior.</summary>
internal static class SpeechCues
{
    public const int Count = 6;

    public static float Value(SpeechCue cue, in ProsodyFeatures features) => cue switch
    {
        SpeechCue.Intensity => features.IntensityDb,
        SpeechCue.PitchLevel => features.F0MeanSemitones,
        SpeechCue.PitchVariability => features.F0StdSemitones,
        SpeechCue.SpeakingRate => features.SyllableRate,
        SpeechCue.SpectralBalance => features.AlphaRatioDb,
        SpeechCue.Harmonicity => features.HnrDb,
        _ => throw new ArgumentOutOfRangeException(nameof(cue), cue, "not a speech cue"),
    };

    /// <summary>
    /// A broad prior over adult speakers and microphones (mean, deviation) and the smallest deviation
    /// a speaker's norm is given (about the size of a just noticeable or a measurement-noise difference).
    /// F0: 150 Hz ± 4 semitones covers men and women; level depends on the microphone, hence wide.
    /// </summary>
    public static (double Mean, double Deviation, double Floor) Prior(SpeechCue cue) => cue switch
    {
        SpeechCue.Intensity => (-26, 8, 1.5),
        SpeechCue.PitchLevel => (29.4, 4, 0.75),
        SpeechCue.PitchVariability => (2, 1, 0.3),
        SpeechCue.SpeakingRate => (4, 1, 0.3),
        SpeechCue.SpectralBalance => (-10, 4, 1),
        SpeechCue.Harmonicity => (12, 4, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(cue), cue, "not a speech cue"),
    };
}
