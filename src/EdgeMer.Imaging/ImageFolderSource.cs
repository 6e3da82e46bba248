using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>
/// The image files of a folder (by extension, <see cref="ImageFile.Extensions"/>; not its subfolders)
/// as a frame source, in ordinal order of their names. Frames are as large as the largest image; a
/// smaller image sits in the top-left corner on black, so its pixel coordinates are the file's own.
/// Frame <c>n</c> of a pass is <see cref="Files"/>[<c>n mod Files.Count</c>].
/// </summary>
public sealed class ImageFolderSource : IFrameSource
{
    private readonly StillImagePlayer _player;

    /// <exception cref="FrameSourceException">The folder is missing or holds no image, or one of its images cannot be read; the message names it.</exception>
    public ImageFolderSource(string folder, CaptureClock clock, StillImageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new StillImageOptions();
        options.Validate();
        Name = $"image folder {folder}";
        if (!Directory.Exists(folder))
        {
            throw new FrameSourceException(Name, "no such folder");
        }

        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            foreach (string extension in ImageFile.Extensions)
            {
                if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    files.Add(Path.GetFullPath(file));
                    break;
                }
            }
        }

        if (files.Count == 0)
        {
            throw new FrameSourceException(Name, $"the folder holds no image file ({string.Join(", ", ImageFile.Extensions)})");
        }

        files.Sort(StringComparer.Ordinal);
        Files = files;
        _player = new StillImagePlayer(Name, [.. files], clock, options);
        FramesPerSecond = options.FramesPerSecond;
    }

    /// <summary>The images, in the order they play.</summary>
    public IReadOnlyList<string> Files { get; }

    public string Name { get; }

    public int Width => _player.Pool.Width;

    public int Height => _player.Pool.Height;

    public PixelFormat Format => PixelFormat.Rgb24;

    public double? FramesPerSecond { get; }

    /// <summary>The frames this source fills.</summary>
    public FramePool Pool => _player.Pool;

    public Task RunAsync(Action<Frame> onFrame, CancellationToken cancellationToken) => _player.RunAsync(onFrame, cancellationToken);

    public void Dispose()
    {
    }
}
