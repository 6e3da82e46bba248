namespace EdgeMer.Perception.Voice;

/// <summary>Receives each speech segment the <see cref="VoiceActivityDetector"/> completes, with its samples.</summary>
public interface ISpeechSegmentHandler
{
    /// <summary>
    /// A segment ended. <paramref name="samples"/> are its sound (16 kHz mono), valid only during the
    /// call: the detector reuses the buffer.
    /// </summary>
    void OnSegment(in SpeechSegment segment, ReadOnlySpan<float> samples);
}
