using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Imaging;

namespace EdgeMer.Host.Perceiving;

/// <summary>
/// The sources <c>edgemer perceive</c> reads: image files and folders through EdgeMer.Imaging's
/// SkiaSharp sources; video files and V4L2 cameras through <see cref="FfmpegClipSource"/>, an interim
/// reader that EdgeMer.Capture's supervised ffmpeg sources replace.
/// </summary>
internal sealed class CommandLineFrameSources : IFrameSourceFactory
{
    public IFrameSource Open(string source, CaptureClock clock, int maxFrames)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (Directory.Exists(source))
        {
            return new ImageFolderSource(source, clock);
        }

        if (source.StartsWith("/dev/video", StringComparison.Ordinal))
        {
            return FfmpegClipSource.Camera(source, clock, maxFrames);
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

        return FfmpegClipSource.Video(source, clock, maxFrames);
    }
}
