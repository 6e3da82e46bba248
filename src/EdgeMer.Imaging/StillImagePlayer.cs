using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>
/// Plays a list of image files as frames: each decoded with SkiaSharp into the top-left corner of a
/// pooled RGB24 frame (the frame is as large as the largest image; the rest is black), stamped on the
/// capture clock when it is filled. The one implementation behind <see cref="ImageFileSource"/> and
/// <see cref="ImageFolderSource"/>.
/// </summary>
internal sealed class StillImagePlayer
{
    private readonly string _name;
    private readonly string[] _files;
    private readonly CaptureClock _clock;
    private readonly StillImageOptions _options;
    private byte[] _scratch = [];
    private byte[]? _single;
    private long _sequence;

    public StillImagePlayer(string name, string[] files, CaptureClock clock, StillImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _name = name;
        _files = files;
        _clock = clock;
        _options = options;
        int width = 0, height = 0;
        foreach (string file in files)
        {
            (int w, int h) = ReadSize(file);
            width = Math.Max(width, w);
            height = Math.Max(height, h);
        }

        Pool = options.Frames?.For(width, height, PixelFormat.Rgb24, options.PoolCapacity) ?? new FramePool(width, height, PixelFormat.Rgb24, options.PoolCapacity);
    }

    public FramePool Pool { get; }

    public async Task RunAsync(Action<Frame> onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        TimeSpan? interval = _options.FramesPerSecond is { } fps ? TimeSpan.FromSeconds(1 / fps) : null;
        TimeSpan next = _clock.Now;
        for (int round = 0; round < _options.Repeat; round++)
        {
            for (int i = 0; i < _files.Length; i++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                if (interval is { } step)
                {
                    TimeSpan wait;
                    while ((wait = next - _clock.Now) > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(wait, _clock.TimeProvider, cancellationToken).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                    }

                    next += step;
                }

                Deliver(_files[i], onFrame);
            }
        }
    }

    private void Deliver(string file, Action<Frame> onFrame)
    {
        long sequence = _sequence++;
        if (!Pool.TryRent(_clock.Now, sequence, out Frame frame, out Span<byte> pixels))
        {
            // Every frame is held downstream: drop this one (the pool counts it), as a camera would.
            return;
        }

        try
        {
            if (_files.Length == 1 && _single is not null)
            {
                _single.CopyTo(pixels);
            }
            else
            {
                try
                {
                    ImageFile.DecodeInto(file, pixels, Pool.Width, Pool.Height, ref _scratch);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    throw new FrameSourceException(_name, e.Message, e);
                }
                if (_files.Length == 1 && _options.Repeat > 1)
                {
                    // One image played many times (benchmarks) is decoded once.
                    _single = pixels.ToArray();
                }
            }

            onFrame(frame);
        }
        finally
        {
            frame.Release();
        }
    }

    private (int Width, int Height) ReadSize(string file)
    {
        try
        {
            return ImageFile.ReadSize(file);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new FrameSourceException(_name, e.Message, e);
        }
    }
}
