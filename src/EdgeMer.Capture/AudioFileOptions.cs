namespace EdgeMer.Capture;

/// <summary>How an <see cref="AudioFileSource"/> plays its file.</summary>
public sealed record AudioFileOptions
{
    /// <summary>At the file's own rate (default) or as fast as possible.</summary>
    public FilePace Pace { get; init; } = FilePace.NativeRate;

    /// <summary>Samples per chunk (at 16 kHz). Default 512, 32 ms, what Silero VAD takes.</summary>
    public int SamplesPerChunk { get; init; } = 512;

    /// <summary>Chunks in the source's pool. Default 32.</summary>
    public int PoolCapacity { get; init; } = 32;

    /// <summary>Where the source takes its chunks: the same <see cref="AudioChunkPools"/> for every opening of a source that is opened again (a loop, a restart) allocates them once; null for chunks of its own.</summary>
    public AudioChunkPools? Chunks { get; init; }

    /// <summary>How long the decoder may deliver nothing before the file counts as unreadable. Default 10 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The ffmpeg program (a path, or a name on PATH).</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>The ffprobe program that checks the file has sound first.</summary>
    public string Ffprobe { get; init; } = "ffprobe";
}
