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

    /// <summary>Whether <paramref name="source"/> can be opened at a smaller frame size (<see cref="Open"/>'s <c>halfSize</c>): a camera or a video file; images and folders come at their own size.</summary>
    public static bool CanHalve(string source) =>
        IsCamera(source) || (!Directory.Exists(source) && !IsImageFile(source));

    /// <summary>Opens <paramref name="source"/>; a <see cref="FrameSourceException"/> naming it when it cannot be read.</summary>
    /// <param name="source">An image file, a folder, a video file or a device such as /dev/video0.</param>
    /// <param name="clock">The capture clock frames are stamped on.</param>
    /// <param name="stillsPerSecond">The rate images play at; null for as fast as they are taken.</param>
    /// <param name="poolCapacity">Frames in the source's pool: one being filled and, per stage taking frames, one in its slot and one it holds.</param>
    /// <param name="halfSize">Frames at half the width and height (a camera asked for that mode, a file scaled by ffmpeg as it decodes); see <see cref="CanHalve"/>.</param>
    /// <param name="start">Where in a video file to start.</param>
    /// <param name="frames">The pools to take frames from, the same for each opening of one source (see <see cref="FramePools"/>); null for frames of the source's own.</param>
    public static IFrameSource Open(string source, CaptureClock clock, double? stillsPerSecond = null, int poolCapacity = 4, bool halfSize = false, TimeSpan start = default, FramePools? frames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var stills = new StillImageOptions { FramesPerSecond = stillsPerSecond, PoolCapacity = poolCapacity, Frames = frames };
        if (Directory.Exists(source))
        {
            return new ImageFolderSource(source, clock, stills);
        }

        if (IsCamera(source))
        {
            var camera = new V4l2CameraOptions { Device = source, PoolCapacity = poolCapacity, Frames = frames };
            return new V4l2CameraSource(halfSize ? camera with { Width = camera.Width / 2, Height = camera.Height / 2 } : camera, clock);
        }

        if (IsImageFile(source))
        {
            return new ImageFileSource(source, clock, stills);
        }

        if (!File.Exists(source))
        {
            throw new FrameSourceException(source, "no such file, folder or camera");
        }

        return VideoFileSource.Open(source, clock, new VideoFileOptions { PoolCapacity = poolCapacity, Scale = halfSize ? 0.5 : null, Start = start, Frames = frames });
    }

    private static bool IsImageFile(string source)
    {
        foreach (string extension in ImageFile.Extensions)
        {
            if (source.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
