namespace EdgeMer.Capture;

/// <summary>The GStreamer pipeline a <see cref="GStreamerSource"/> runs, and the frames it hands on.</summary>
public sealed record GStreamerSourceOptions : LiveCaptureOptions
{
    /// <summary>
    /// The camera part of the pipeline, written as after <c>gst-launch-1.0</c> in a shell (quotes
    /// group, backslashes escape), ending in raw video in system memory; EdgeMer appends the
    /// conversion to RGB at <see cref="Width"/> x <see cref="Height"/> and the sink. From the device
    /// profile, e.g. Jetson: <c>nvarguscamerasrc ! video/x-raw(memory:NVMM),width=1280,height=720,framerate=30/1 ! nvvidconv</c>;
    /// Raspberry Pi: <c>libcamerasrc ! video/x-raw,width=640,height=480,framerate=30/1</c>.
    /// </summary>
    public required string Pipeline { get; init; }

    /// <summary>Width of the frames handed on; the pipeline's output is scaled to it. Default 640.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Height of the frames handed on. Default 480.</summary>
    public int Height { get; init; } = 480;

    /// <summary>The rate the pipeline delivers at (as its caps say), reported by the source; null when unknown.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>Frames in the source's pool. Default 4.</summary>
    public int PoolCapacity { get; init; } = 4;

    /// <summary>Where the source takes its frames: the same <see cref="FramePools"/> for every opening of a source that is opened again (a loop, a restart) allocates them once; null for frames of its own.</summary>
    public FramePools? Frames { get; init; }

    /// <summary>The gst-launch-1.0 program (a path, or a name on PATH).</summary>
    public string GstLaunch { get; init; } = "gst-launch-1.0";
}
