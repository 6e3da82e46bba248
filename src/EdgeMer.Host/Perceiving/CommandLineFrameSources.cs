using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Imaging;

namespace EdgeMer.Host.Perceiving;

/// <summary>
/// The sources <c>edgemer perceive</c> reads: image files and folders through EdgeMer.Imaging's
/// SkiaSharp sources; video files (played at their own rate, so the face states' clocks are the
/// video's) and V4L2 cameras through EdgeMer.Capture's supervised ffmpeg sources.
/// </summary>
internal sealed class CommandLineFrameSources : IFrameSourceFactory
{
    public IFrameSource Open(string source, CaptureClock clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (Directory.Exists(source))
        {
            return new ImageFolderSource(source, clock);
        }

        if (source.StartsWith("/dev/video", StringComparison.Ordinal))
        {
            return new V4l2CameraSource(new V4l2CameraOptions { Device = source }, clock);
        }

        foreach (string extension in ImageFile.Extensions)
        {
            if (source.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return new ImageFileSource(source, clock);
            }
        }

        if (!File.Exists(source))
        {
            throw new FrameSourceException(source, "no such file, folder or camera");
        }

        return VideoFileSource.Open(source, clock);
    }
}
