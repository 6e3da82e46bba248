namespace EdgeMer.Capture;

/// <summary>Which V4L2 camera a <see cref="V4l2CameraSource"/> reads, and in what size and rate.</summary>
public sealed record V4l2CameraOptions : LiveCaptureOptions
{
    /// <summary>The device: <c>/dev/video0</c>, or a stable name such as <c>/dev/v4l/by-id/usb-...-video-index0</c>.</summary>
    public required string Device { get; init; }

    /// <summary>Frame width asked of the camera; frames are scaled to it if the camera picks another. Default 640.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height asked of the camera; frames are scaled to it if the camera picks another. Default 480.</summary>
    public int Height { get; init; } = 480;

    /// <summary>Frame rate asked of the camera. Default 30.</summary>
    public double FramesPerSecond { get; init; } = 30;

    /// <summary>
    /// The camera's own format (ffmpeg <c>-input_format</c>: <c>mjpeg</c>, <c>yuyv422</c>, ...); null lets
    /// the driver choose. Many USB cameras reach 30 fps at 640x480 and above only with <c>mjpeg</c>.
    /// </summary>
    public string? InputFormat { get; init; }

    /// <summary>Frames in the source's pool. Default 4.</summary>
    public int PoolCapacity { get; init; } = 4;

    /// <summary>Where the source takes its frames: the same <see cref="FramePools"/> for every opening of a source that is opened again (a loop, a restart) allocates them once; null for frames of its own.</summary>
    public FramePools? Frames { get; init; }

    /// <summary>The ffmpeg program (a path, or a name on PATH).</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";
}
