namespace EdgeMer.Capture;

/// <summary>
/// A fixed set of frames of one size and format, allocated once (pinned, so native code may read
/// them). A source rents a frame, fills it and hands it on; when every stage has released it, it is
/// rented again. When all are out, <see cref="TryRent"/> fails and the source drops the new frame
/// (counted): the pipeline is behind, and a newer frame will replace it anyway.
/// </summary>
public sealed class FramePool
{
    private readonly FreeList<Frame> _free;

    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="format">Pixel layout.</param>
    /// <param name="capacity">How many frames exist: one being filled, one per stage holding one, one waiting per latest-wins slot.</param>
    public FramePool(int width, int height, PixelFormat format, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if ((long)width * height > 64L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is larger than EdgeMer handles (64 megapixels)");
        }

        Width = width;
        Height = height;
        Format = format;
        Capacity = capacity;
        var frames = new Frame[capacity];
        for (int i = 0; i < capacity; i++)
        {
            frames[i] = new Frame(this, width, height, format);
        }

        _free = new FreeList<Frame>(frames);
    }

    public int Width { get; }

    public int Height { get; }

    public PixelFormat Format { get; }

    public int Capacity { get; }

    /// <summary>Frames waiting to be rented.</summary>
    public int Available => _free.Available;

    /// <summary>How often <see cref="TryRent"/> found every frame out.</summary>
    public long Exhausted => _free.Exhausted;

    /// <summary>Bytes one frame's pixels take.</summary>
    public int FrameBytes => checked(Width * Height * PixelFormats.BytesPerPixel(Format));

    /// <summary>
    /// Rents a frame to fill: the caller is its one holder and may write <paramref name="pixels"/>
    /// until it hands the frame on. False when every frame is held.
    /// </summary>
    public bool TryRent(TimeSpan captureTime, long sequence, out Frame frame, out Span<byte> pixels)
    {
        if (_free.TryTake(out Frame? taken))
        {
            taken.MarkRented();
            taken.Stamp(captureTime, sequence);
            frame = taken;
            pixels = taken.WritablePixels;
            return true;
        }

        frame = null!;
        pixels = default;
        return false;
    }

    internal void Return(Frame frame) => _free.Return(frame);
}
