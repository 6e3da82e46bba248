namespace EdgeMer.Capture;

/// <summary>
/// The frame pool of a source that is opened again and again: a file played in a loop, a camera that
/// came back, a source reopened at another size. Each opening asks for a pool of its size here and
/// gets the frames the last opening had when the size, format and capacity are the same, so a looping
/// source allocates its frames once rather than on every pass (a 640x480 pool of nine frames is 8 MiB
/// of pinned memory). Frames the last opening handed on come back to the pool as their holders
/// release them. Two openings that overlap (a source replaced while the old one stops) share the
/// frames of one pool, as a pool is safe to rent from and return to on any thread.
/// </summary>
public sealed class FramePools
{
    private readonly Lock _gate = new();
    private FramePool? _last;

    /// <summary>The last pool handed out when it has this size, format and capacity; otherwise a new one, which replaces it.</summary>
    public FramePool For(int width, int height, PixelFormat format, int capacity)
    {
        lock (_gate)
        {
            if (_last is { } pool && pool.Width == width && pool.Height == height && pool.Format == format && pool.Capacity == capacity)
            {
                return pool;
            }

            _last = new FramePool(width, height, format, capacity);
            return _last;
        }
    }
}
