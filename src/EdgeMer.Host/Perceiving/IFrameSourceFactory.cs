using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Host.Perceiving;

/// <summary>Picks and opens the frame source a command line names (an image, a folder of images, a video file, a camera).</summary>
internal interface IFrameSourceFactory
{
    /// <summary>Opens <paramref name="source"/>; a <see cref="FrameSourceException"/> naming it when it cannot be read.</summary>
    /// <param name="source">What --source says: an image file, a folder, a video file or a device such as /dev/video0.</param>
    /// <param name="clock">The capture clock frames are stamped on.</param>
    IFrameSource Open(string source, CaptureClock clock);
}
