namespace EdgeMer.Capture;

/// <summary>
/// One captured image in a buffer that belongs to a <see cref="FramePool"/>: its pixels, size and
/// format, when it was captured (on the <see cref="EdgeMer.Affect.CaptureClock"/>) and its place in
/// its source's sequence. Several stages may read one frame at once (face and body from one camera):
/// each holds it with <see cref="Retain"/> and gives it up with <see cref="Release"/>, and the buffer
/// goes back to the pool when the last holder releases it. Nothing is allocated per frame.
/// </summary>
public sealed class Frame
{
    private readonly FramePool _pool;
    private readonly byte[] _buffer;
    private int _holders;

    internal Frame(FramePool pool, int width, int height, PixelFormat format)
    {
        _pool = pool;
        Width = width;
        Height = height;
        Format = format;
        Stride = checked(width * PixelFormats.BytesPerPixel(format));
        _buffer = GC.AllocateArray<byte>(checked(Stride * height), pinned: true);
    }

    public int Width { get; }

    public int Height { get; }

    public PixelFormat Format { get; }

    /// <summary>Bytes from the start of one row to the start of the next.</summary>
    public int Stride { get; }

    /// <summary>When the frame was captured, on the capture clock.</summary>
    public TimeSpan CaptureTime { get; private set; }

    /// <summary>The frame's number in its source, from 0; a gap means the source or a stage dropped frames.</summary>
    public long Sequence { get; private set; }

    /// <summary>The pixels, <see cref="Stride"/> bytes per row.</summary>
    public ReadOnlySpan<byte> Pixels => _buffer;

    /// <summary>How many holders the frame has (0 while it waits in its pool).</summary>
    public int Holders => Volatile.Read(ref _holders);

    /// <summary>Adds a holder; the frame stays out of the pool until every holder has released it.</summary>
    /// <exception cref="InvalidOperationException">The frame is back in its pool: it was released too often, or is used after its last release.</exception>
    public Frame Retain()
    {
        if (!Holds.TryAdd(ref _holders))
        {
            throw new InvalidOperationException($"frame {Sequence} was retained after its last release");
        }

        return this;
    }

    /// <summary>Gives up one hold; the last one returns the frame to its pool.</summary>
    /// <exception cref="InvalidOperationException">The frame had no holders left.</exception>
    public void Release()
    {
        int left = Holds.TryRemove(ref _holders);
        if (left < 0)
        {
            throw new InvalidOperationException($"frame {Sequence} was released more often than it was held");
        }

        if (left == 0)
        {
            _pool.Return(this);
        }
    }

    /// <summary>The writable pixels, for the source that filled a frame it has just rented.</summary>
    internal Span<byte> WritablePixels => _buffer;

    /// <summary>Stamps a frame rented from the pool; its renter is its first holder.</summary>
    internal void Stamp(TimeSpan captureTime, long sequence)
    {
        CaptureTime = captureTime;
        Sequence = sequence;
    }

    internal void MarkRented() => Volatile.Write(ref _holders, 1);
}
