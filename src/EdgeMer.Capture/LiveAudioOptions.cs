namespace EdgeMer.Capture;

/// <summary>Which microphone a <see cref="LiveAudioSource"/> reads.</summary>
public sealed record LiveAudioOptions : LiveCaptureOptions
{
    /// <summary>ALSA (default) or PulseAudio/PipeWire.</summary>
    public AudioBackend Backend { get; init; } = AudioBackend.Alsa;

    /// <summary>The device as the backend names it: ALSA <c>hw:1,0</c> or <c>default</c>; PulseAudio <c>default</c> or a source name. Default <c>default</c>.</summary>
    public string Device { get; init; } = "default";

    /// <summary>Samples per chunk (at 16 kHz). Default 512, 32 ms, what Silero VAD takes.</summary>
    public int SamplesPerChunk { get; init; } = 512;

    /// <summary>Chunks in the source's pool. Default 32 (about a second at 512 samples).</summary>
    public int PoolCapacity { get; init; } = 32;

    /// <summary>Where the source takes its chunks: the same <see cref="AudioChunkPools"/> for every opening of a source that is opened again (a loop, a restart) allocates them once; null for chunks of its own.</summary>
    public AudioChunkPools? Chunks { get; init; }

    /// <summary>The ffmpeg program (a path, or a name on PATH).</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";
}
