using System.Globalization;
using EdgeMer.Affect;
using EdgeMer.Platform;

namespace EdgeMer.Capture;

/// <summary>
/// A frame source read from a decoder's standard output (ffmpeg, or GStreamer ending in
/// <c>fdsink</c>) as raw RGB24 frames of a known size, one after another. Each frame is read straight
/// into a frame of the source's <see cref="FramePool"/>, stamped on the capture clock when its last
/// byte arrives, numbered, and handed to the callback; when every frame of the pool is held, the new
/// one is read past and counted in <see cref="FramesDropped"/>. The decoder runs under a
/// <see cref="SupervisedProcess"/>: a live source that dies or stalls is restarted with back-off, and
/// every change is reported through <see cref="StateChanged"/>.
/// </summary>
public abstract class ProcessFrameSource : IFrameSource
{
    private const int MaxSide = 16384;
    private const int MaxPoolCapacity = 64;

    private readonly CaptureProcess _capture;
    private readonly CaptureClock _clock;
    private readonly FramePool _pool;
    private byte[]? _skipped;
    private long _nextSequence;
    private long _delivered;
    private long _dropped;
    private bool _hadRun;

    private protected ProcessFrameSource(
        string name, int width, int height, double? framesPerSecond, int poolCapacity, FramePools? frames, SupervisedProcessOptions decoder, CaptureClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (width is < 1 or > MaxSide || height is < 1 or > MaxSide)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: Width x Height is {width}x{height}; allowed: 1..{MaxSide} each"));
        }

        if (poolCapacity is < 1 or > MaxPoolCapacity)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: PoolCapacity is {poolCapacity}; allowed: 1..{MaxPoolCapacity}"));
        }

        Name = name;
        FramesPerSecond = framesPerSecond;
        _clock = clock;
        _pool = frames?.For(width, height, PixelFormat.Rgb24, poolCapacity) ?? new FramePool(width, height, PixelFormat.Rgb24, poolCapacity);
        _capture = new CaptureProcess(decoder, clock.TimeProvider);
    }

    /// <summary>Raised on every change of the decoder's state (starting, running, failed and why, backing off, stopped).</summary>
    public event EventHandler<SupervisedProcessStateChange>? StateChanged
    {
        add => _capture.Process.StateChanged += value;
        remove => _capture.Process.StateChanged -= value;
    }

    public string Name { get; }

    public int Width => _pool.Width;

    public int Height => _pool.Height;

    public PixelFormat Format => PixelFormat.Rgb24;

    public double? FramesPerSecond { get; }

    /// <summary>Where the decoder stands now, for health.</summary>
    public SupervisedProcessState State => _capture.Process.State;

    /// <summary>The decoder and its arguments, as started (for logs and for trying it by hand).</summary>
    public IReadOnlyList<string> Command => _capture.Command;

    /// <summary>Frames handed to the callback.</summary>
    public long FramesDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Frames decoded while every frame of the pool was held, and so not delivered.</summary>
    public long FramesDropped => Interlocked.Read(ref _dropped);

    /// <summary>The frames the source fills.</summary>
    internal FramePool Pool => _pool;

    /// <inheritdoc/>
    public async Task RunAsync(Action<Frame> onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        ObjectDisposedException.ThrowIf(_capture.IsDisposed, this);
        CheckBeforeStart();
        await _capture.RunAsync(output => ReadFrames(output, onFrame, cancellationToken), problem => new FrameSourceException(Name, problem), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Stops the decoder if it runs (a running <see cref="RunAsync"/> returns) and refuses new runs.</summary>
    public void Dispose()
    {
        _capture.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Checks what can be checked before the decoder starts (that a device exists); throws <see cref="FrameSourceException"/>.</summary>
    private protected virtual void CheckBeforeStart()
    {
    }

    /// <summary>One run of the decoder: frames until its output ends or the source is stopped. Runs on the source's own thread.</summary>
    private void ReadFrames(Stream output, Action<Frame> onFrame, CancellationToken cancellationToken)
    {
        if (_hadRun)
        {
            // Frames were lost between the runs: the numbers say so with a gap.
            _nextSequence++;
        }

        _hadRun = true;
        int frameBytes = _pool.FrameBytes;
        while (!cancellationToken.IsCancellationRequested && !_capture.IsDisposed)
        {
            if (!_pool.TryRent(TimeSpan.Zero, 0, out Frame frame, out Span<byte> pixels))
            {
                if (!Skip(output, frameBytes))
                {
                    return;
                }

                _nextSequence++;
                Interlocked.Increment(ref _dropped);
                continue;
            }

            if (output.ReadAtLeast(pixels, frameBytes, throwOnEndOfStream: false) < frameBytes)
            {
                // The end of this run; a frame cut short by it is not a frame.
                frame.Release();
                return;
            }

            frame.Stamp(_clock.Now, _nextSequence++);
            try
            {
                onFrame(frame);
            }
            finally
            {
                frame.Release();
            }

            Interlocked.Increment(ref _delivered);
        }
    }

    /// <summary>Reads past one frame; false when the output ended first.</summary>
    private bool Skip(Stream output, int count)
    {
        while (count > 0)
        {
            // Only a source that drops frames needs it (a looping file is opened again on every pass).
            _skipped ??= new byte[64 * 1024];
            int read = output.Read(_skipped.AsSpan(0, Math.Min(count, _skipped.Length)));
            if (read == 0)
            {
                return false;
            }

            count -= read;
        }

        return true;
    }
}
