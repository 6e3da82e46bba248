using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>One image file as a frame source: one frame (or <see cref="StillImageOptions.Repeat"/> of them), then the source ends.</summary>
public sealed class ImageFileSource : IFrameSource
{
    private readonly StillImagePlayer _player;

    /// <exception cref="FrameSourceException">The file is missing or not an image; the message names it.</exception>
    public ImageFileSource(string path, CaptureClock clock, StillImageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new StillImageOptions();
        options.Validate();
        Path = System.IO.Path.GetFullPath(path);
        Name = $"image {path}";
        _player = new StillImagePlayer(Name, [Path], clock, options);
        FramesPerSecond = options.FramesPerSecond;
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

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
    }
}
