namespace EdgeMer.Capture;

/// <summary>How a <see cref="LiveAudioSource"/> reaches its microphone.</summary>
public enum AudioBackend
{
    /// <summary>ALSA directly (ffmpeg <c>-f alsa</c>): <c>hw:1,0</c>, <c>plughw:1</c>, <c>default</c>.</summary>
    Alsa,

    /// <summary>A PulseAudio server, or PipeWire's PulseAudio service (ffmpeg <c>-f pulse</c>): <c>default</c> or a source name.</summary>
    Pulse,
}
