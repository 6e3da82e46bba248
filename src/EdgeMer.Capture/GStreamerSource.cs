using System.Globalization;
using EdgeMer.Affect;

namespace EdgeMer.Capture;

/// <summary>
/// Frames from a GStreamer pipeline given by the device profile (Jetson <c>nvarguscamerasrc</c>,
/// Raspberry Pi <c>libcamerasrc</c>), run with <c>gst-launch-1.0 -q PIPELINE ! videoconvert !
/// videoscale ! video/x-raw,format=RGB,width=W,height=H ! fdsink fd=1</c>. A pipeline that fails on its
/// first start (an element that is missing, a camera that is not there) is a
/// <see cref="FrameSourceException"/> with GStreamer's reason, unless
/// <see cref="LiveCaptureOptions.FirstStartMustSucceed"/> is off; once it has delivered, a pipeline
/// that ends, dies or stalls is restarted with back-off and reported.
/// </summary>
public sealed class GStreamerSource : ProcessFrameSource
{
    /// <param name="options">The pipeline, frame size and supervision.</param>
    /// <param name="clock">The clock frames are stamped on.</param>
    /// <exception cref="ArgumentException">An option is out of range or the pipeline cannot be split into words (the message names it).</exception>
    public GStreamerSource(GStreamerSourceOptions options, CaptureClock clock)
        : base(
            NameOf(options),
            options.Width,
            options.Height,
            options.FramesPerSecond,
            options.PoolCapacity,
            options.Frames,
            options.Supervision(NameOf(options), options.GstLaunch, GStreamerPipeline.Arguments(Words(options), options.Width, options.Height)),
            clock)
    {
    }

    private static string NameOf(GStreamerSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Pipeline);
        return $"gstreamer {options.Pipeline.Trim()}";
    }

    private static List<string> Words(GStreamerSourceOptions options)
    {
        string name = NameOf(options);
        if (options.FramesPerSecond is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: FramesPerSecond is {rate}; allowed: more than 0, or null"));
        }

        return GStreamerPipeline.Split(options.Pipeline, name);
    }
}
