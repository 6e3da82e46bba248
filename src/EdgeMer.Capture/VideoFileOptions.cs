namespace EdgeMer.Capture;

/// <summary>How a <see cref="VideoFileSource"/> plays its file.</summary>
public sealed record VideoFileOptions
{
    /// <summary>At the file's own frame rate (default) or as fast as possible.</summary>
    public FilePace Pace { get; init; } = FilePace.NativeRate;

    /// <summary>Scale frames to this width (with <see cref="Height"/>); null keeps the file's size.</summary>
    public int? Width { get; init; }

    /// <summary>Scale frames to this height (with <see cref="Width"/>); null keeps the file's size.</summary>
    public int? Height { get; init; }

    /// <summary>Scale frames to this share of the file's own size (each side rounded down to an even number of pixels), 0 to 1; null keeps the file's size. Not with <see cref="Width"/> and <see cref="Height"/>.</summary>
    public double? Scale { get; init; }

    /// <summary>Where in the file to start (a source reopened at another size goes on where it was); zero for the beginning.</summary>
    public TimeSpan Start { get; init; }

    /// <summary>Frames in the source's pool: one being filled, one per stage holding one, one per waiting slot. Default 4.</summary>
    public int PoolCapacity { get; init; } = 4;

    /// <summary>Where the source takes its frames: the same <see cref="FramePools"/> for every opening of a source that is opened again (a loop, a restart) allocates them once; null for frames of its own.</summary>
    public FramePools? Frames { get; init; }

    /// <summary>How long the decoder may deliver nothing before the file counts as unreadable. Default 10 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The ffmpeg program (a path, or a name on PATH).</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>The ffprobe program that reads the file's size and rate first.</summary>
    public string Ffprobe { get; init; } = "ffprobe";
}
