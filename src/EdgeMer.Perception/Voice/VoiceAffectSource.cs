namespace EdgeMer.Perception.Voice;

/// <summary>Where a voice reading's affect came from.</summary>
public enum VoiceAffectSource
{
    /// <summary>The documented acoustic heuristic (<see cref="SpeechAffectEstimator"/>): evidence, not a trained model.</summary>
    Heuristic,

    /// <summary>A speech-emotion model plugged in through its manifest (<see cref="SpeechEmotionModel"/>).</summary>
    Model,
}
