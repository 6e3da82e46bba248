namespace EdgeMer.Perception.Voice;

/// <summary>Receives each <see cref="VoiceReading"/> of a <see cref="VoicePipeline"/>, on the thread that pushed the sound.</summary>
public interface IVoiceReadingHandler
{
    void OnReading(in VoiceReading reading);
}
