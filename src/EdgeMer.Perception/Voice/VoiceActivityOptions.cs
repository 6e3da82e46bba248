using System.Globalization;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// How speech probabilities become speech segments: hysteresis between a start and a lower stop
/// threshold, a minimum length for a segment to count, and a minimum pause that ends one (shorter
/// pauses stay inside it). The defaults follow Silero VAD's own streaming iterator (start 0.5, stop
/// 0.35).
/// </summary>
public sealed record VoiceActivityOptions
{
    /// <summary>A frame at or above this probability starts speech. Default 0.5.</summary>
    public float StartThreshold { get; init; } = 0.5f;

    /// <summary>Speech goes on while frames stay at or above this probability. Default 0.35.</summary>
    public float StopThreshold { get; init; } = 0.35f;

    /// <summary>Shorter segments are dropped (clicks, coughs). Default 250 ms.</summary>
    public TimeSpan MinSpeech { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A pause must last this long to end a segment. Default 300 ms.</summary>
    public TimeSpan MinSilence { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Sound kept on either side of the frames the model heard speech in (soft onsets and releases, such
    /// as a final stop consonant, fall below its thresholds), at most one frame. Default 30 ms, as Silero
    /// VAD's own <c>get_speech_timestamps</c> pads.
    /// </summary>
    public TimeSpan SpeechPad { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>A longer segment is cut here and goes on as a new one, so its analysis stays bounded. Default 15 s.</summary>
    public TimeSpan MaxSpeech { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is out of range and what is allowed.</summary>
    public void Validate()
    {
        if (!(StartThreshold is > 0f and < 1f))
        {
            throw new ArgumentException(Invariant($"StartThreshold is {StartThreshold}; allowed: above 0 and below 1"));
        }

        if (!(StopThreshold > 0f && StopThreshold <= StartThreshold))
        {
            throw new ArgumentException(Invariant($"StopThreshold is {StopThreshold}; allowed: above 0 and at most StartThreshold ({StartThreshold})"));
        }

        if (MinSpeech < TimeSpan.Zero || MinSilence < TimeSpan.Zero)
        {
            throw new ArgumentException(Invariant($"MinSpeech ({MinSpeech}) and MinSilence ({MinSilence}) must not be negative"));
        }

        if (SpeechPad < TimeSpan.Zero || SpeechPad > TimeSpan.FromMilliseconds(32) || SpeechPad * 2 >= MinSilence)
        {
            throw new ArgumentException(Invariant($"SpeechPad is {SpeechPad}; allowed: 0 to 32 ms (one frame), and less than half of MinSilence ({MinSilence})"));
        }

        if (MaxSpeech < TimeSpan.FromSeconds(1) || MaxSpeech > TimeSpan.FromSeconds(60) || MaxSpeech <= MinSpeech)
        {
            throw new ArgumentException(Invariant($"MaxSpeech is {MaxSpeech}; allowed: 1 to 60 s and longer than MinSpeech ({MinSpeech})"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
