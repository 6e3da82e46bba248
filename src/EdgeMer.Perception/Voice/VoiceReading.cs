using EdgeMer.Affect;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// Everything the voice pipeline found in one speech segment: the segment, its prosody, the affect
/// read from it and where that came from, and the <see cref="Affect.Observation"/> that goes to fusion
/// (modality voice, the segment's window, quality, valence and arousal, speaking).
/// </summary>
public readonly record struct VoiceReading(SpeechSegment Segment, ProsodyFeatures Prosody, SpeechAffect Affect, VoiceAffectSource Source, Observation Observation);
