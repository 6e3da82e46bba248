using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>How an image file or folder plays as a frame source.</summary>
public sealed class StillImageOptions
{
    /// <summary>How many times the images are played, one frame per image each time (at least 1).</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>The rate frames are delivered at; null delivers them as fast as the callback takes them.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>Frames in the source's pool: one being filled plus those the callback keeps.</summary>
    public int PoolCapacity { get; init; } = 4;

    /// <summary>Where the source takes its frames: the same <see cref="FramePools"/> for every opening of a source that is opened again (a loop, a restart) allocates them once; null for frames of its own.</summary>
    public FramePools? Frames { get; init; }

    internal void Validate()
    {
        if (Repeat < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Repeat), Repeat, "Repeat must be at least 1");
        }

        if (FramesPerSecond is { } fps && (!double.IsFinite(fps) || fps <= 0 || fps > 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), fps, "FramesPerSecond must be more than 0 and at most 1000");
        }

        if (PoolCapacity is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(PoolCapacity), PoolCapacity, "PoolCapacity must be 1 to 64");
        }
    }
}
