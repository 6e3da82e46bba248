using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>
/// What the still-image sources share: image files decoded with SkiaSharp into pooled RGB24 frames,
/// played once per <see cref="StillImageOptions.Repeat"/> (see <see cref="ImageFileSource"/>,
/// <see cref="ImageFolderSource"/>).
/// </summary>
public abstract class StillImageSource : IFrameSource
{
    private readonly StillImagePlayer _player;

    private protected StillImageSource(string name, string[] files, CaptureClock clock, StillImageOptions? options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new StillImageOptions();
        options.Validate();
        Name = name;
        PlayedFiles = files;
        _player = new StillImagePlayer(name, files, clock, options);
        FramesPerSecond = options.FramesPerSecond;
    }

    /// <summary>The image files played, in order (full paths).</summary>
    private protected IReadOnlyList<string> PlayedFiles { get; }

    public string Name { get; }

    public int Width => _player.Pool.Width;

    public int Height => _player.Pool.Height;

    public PixelFormat Format => PixelFormat.Rgb24;

    public double? FramesPerSecond { get; }

    /// <summary>The frames this source fills (how often it ran dry shows in <see cref="FramePool.Exhausted"/>).</summary>
    public FramePool Pool => _player.Pool;

    public Task RunAsync(Action<Frame> onFrame, CancellationToken cancellationToken) => _player.RunAsync(onFrame, cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Nothing to release: the frames are managed memory and every file is closed after decoding.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
