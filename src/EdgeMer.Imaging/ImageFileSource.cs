using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>One image file as a frame source: one frame (or <see cref="StillImageOptions.Repeat"/> of them), then the source ends.</summary>
public sealed class ImageFileSource : StillImageSource
{
    /// <exception cref="FrameSourceException">The file is missing or not an image; the message names it.</exception>
    public ImageFileSource(string path, CaptureClock clock, StillImageOptions? options = null)
        : base($"image {path}", [System.IO.Path.GetFullPath(path)], clock, options)
    {
    }

    /// <summary>The image file.</summary>
    public string Path => PlayedFiles[0];
}
