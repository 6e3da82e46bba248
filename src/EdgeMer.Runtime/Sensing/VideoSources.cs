using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Imaging;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// Opens what a configuration or command line names as the video source: a folder of images, a V4L2
/// camera (<c>/dev/video…</c>), an image file (by its extension), or any video file ffmpeg reads.
/// Video files play at their own rate through the supervised ffmpeg source, so the face states'
/// clocks (blinks, PERCLOS, glances) are the video's.
/// </summary>
public static class VideoSources
{
    /// <summary>Whether <paramref name="source"/> names a live camera rather than a file or folder.</summary>
    public static bool IsCamera(string source) => source.StartsWith("/dev/", StringComparison.Ordinal);

    /// <summary>Opens <paramref name="source"/>; a <see cref="FrameSourceException"/> naming it when it cannot be read.</summary>
    /// <param name="source">An image file, a folder, a video file or a device such as /dev/video0.</param>
    /// <param name="clock">The capture clock frames are stamped on.</param>
    /// <param name="stillsPerSecond">The rate images play at; null for as fast as they are taken.</param>
    public static IFrameSource Open(string source, CaptureClock clock, double? stillsPerSecond = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var stills = new StillImageOptions { FramesPerSecond = stillsPerSecond };
        if (Directory.Exists(source))
        {
            return new ImageFolderSource(source, clock, stills);
        }

        if (IsCamera(source))
        {
            return new V4l2CameraSource(new V4l2CameraOptions { Device = source }, clock);
        }

        foreach (string extension in ImageFile.Extensions)
        {
            if (source.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return new ImageFileSource(source, clock, stills);
            }
        }

        if (!File.Exists(source))
        {
            throw new FrameSourceException(source, "no such file, folder or camera");
        }

        return VideoFileSource.Open(source, clock);
    }
}
