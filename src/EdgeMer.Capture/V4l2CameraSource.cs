using System.Globalization;
using EdgeMer.Affect;

namespace EdgeMer.Capture;

/// <summary>
/// Frames from a V4L2 camera (<c>/dev/videoN</c>) read through ffmpeg (<c>-f v4l2</c>) in the size
/// and rate asked for, as RGB24. A camera that is not there is a <see cref="FrameSourceException"/>
/// at once; one that fails on its first start (busy, a format it does not offer) too, with ffmpeg's
/// reason, unless <see cref="LiveCaptureOptions.FirstStartMustSucceed"/> is off. Once it has
/// delivered, a capture that dies or stalls is restarted with back-off and reported.
/// </summary>
public sealed class V4l2CameraSource : ProcessFrameSource
{
    private readonly string _device;

    /// <param name="options">The device, size, rate and supervision.</param>
    /// <param name="clock">The clock frames are stamped on.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public V4l2CameraSource(V4l2CameraOptions options, CaptureClock clock)
        : base(
            NameOf(options),
            options.Width,
            options.Height,
            options.FramesPerSecond,
            options.PoolCapacity,
            options.Frames,
            options.Supervision(NameOf(options), options.Ffmpeg, FfmpegArguments.V4l2Camera(Validated(options))),
            clock)
    {
        _device = options.Device;
    }

    private protected override void CheckBeforeStart()
    {
        if (Directory.Exists(_device) || !File.Exists(_device))
        {
            throw new FrameSourceException(Name, "no such device");
        }
    }

    private static string NameOf(V4l2CameraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"camera {options.Device}";
    }

    private static V4l2CameraOptions Validated(V4l2CameraOptions options)
    {
        string name = NameOf(options);
        if (string.IsNullOrWhiteSpace(options.Device) || !options.Device.StartsWith('/'))
        {
            throw new ArgumentException($"{name}: Device is '{options.Device}'; allowed: the path of a video device, such as /dev/video0");
        }

        if (!double.IsFinite(options.FramesPerSecond) || options.FramesPerSecond is <= 0 or > 1000)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: FramesPerSecond is {options.FramesPerSecond}; allowed: more than 0, at most 1000"));
        }

        if (options.InputFormat is { } format && (format.Length == 0 || !format.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new ArgumentException($"{name}: InputFormat is '{format}'; allowed: an ffmpeg pixel or codec name (mjpeg, yuyv422, ...)");
        }

        return options;
    }
}
