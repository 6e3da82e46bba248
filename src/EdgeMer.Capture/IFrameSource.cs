namespace EdgeMer.Capture;

/// <summary>
/// Something that produces frames: a camera, a GStreamer pipeline, a video file, an image or a folder
/// of images. <see cref="RunAsync"/> delivers each frame to a callback as soon as it is captured, on
/// the source's own thread; the callback keeps a frame by retaining it (<see cref="Frame.Retain"/>)
/// and the source releases its own hold when the callback returns. A live source that fails is
/// restarted by the source itself (with back-off); a file source ends when the file does.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>What the source is, for logs and errors (<c>camera /dev/video0</c>, <c>video clip.mp4</c>).</summary>
    string Name { get; }

    /// <summary>The size of the frames it delivers.</summary>
    int Width { get; }

    int Height { get; }

    PixelFormat Format { get; }

    /// <summary>The rate it delivers at, when it has one (a camera's or a file's own rate); null when unknown or as fast as possible.</summary>
    double? FramesPerSecond { get; }

    /// <summary>
    /// Delivers frames to <paramref name="onFrame"/> until the source ends (a file) or
    /// <paramref name="cancellationToken"/> is cancelled (then it returns normally). Throws
    /// <see cref="FrameSourceException"/> naming the source when it cannot deliver at all (a missing
    /// or malformed file, an unknown device) and, for a live source, when restarts are exhausted.
    /// </summary>
    Task RunAsync(Action<Frame> onFrame, CancellationToken cancellationToken);
}
