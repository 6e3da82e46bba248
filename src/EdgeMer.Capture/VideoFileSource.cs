using System.Globalization;
using EdgeMer.Affect;
using EdgeMer.Platform;

namespace EdgeMer.Capture;

/// <summary>
/// Frames from a video file (anything ffmpeg reads): its size and rate are read with ffprobe when it
/// is opened, then ffmpeg decodes it to RGB24, at the file's own rate or as fast as possible. The
/// source ends with the file; a file that cannot be read, or that ffmpeg reports damaged while
/// decoding it, is a <see cref="FrameSourceException"/> naming it with ffmpeg's reason (frames decoded
/// before the damage have been delivered by then). Files are not restarted.
/// </summary>
public sealed class VideoFileSource : ProcessFrameSource
{
    private VideoFileSource(string name, int width, int height, double? framesPerSecond, int poolCapacity, FramePools? frames, SupervisedProcessOptions decoder, CaptureClock clock)
        : base(name, width, height, framesPerSecond, poolCapacity, frames, decoder, clock)
    {
    }

    /// <summary>
    /// Reads the size and frame rate of <paramref name="path"/> and prepares to decode it; nothing
    /// is decoded until <see cref="ProcessFrameSource.RunAsync"/>.
    /// </summary>
    /// <param name="path">The video file.</param>
    /// <param name="clock">The clock frames are stamped on.</param>
    /// <param name="options">Pace, size and programs; default: the file's own rate and size.</param>
    /// <exception cref="FrameSourceException">The file is missing, unreadable or has no video; the message names it and quotes ffprobe.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static VideoFileSource Open(string path, CaptureClock clock, VideoFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new VideoFileOptions();
        string name = $"video {path}";
        Validate(name, options);

        Dictionary<string, string> stream = MediaProbe.FirstStream(
            options.Ffprobe, path, 'v', "stream=width,height,avg_frame_rate,r_frame_rate:stream_side_data=rotation", problem => new FrameSourceException(name, problem));
        if (stream.Count == 0)
        {
            throw new FrameSourceException(name, "has no video stream");
        }

        if (MediaProbe.Int(stream, "width") is not int width || MediaProbe.Int(stream, "height") is not int height)
        {
            throw new FrameSourceException(name, $"ffprobe gives its video no frame size ({string.Join(", ", stream.Select(e => $"{e.Key}={e.Value}"))})");
        }

        // ffmpeg turns frames the file marks as rotated; so is the size.
        if (stream.TryGetValue("rotation", out string? rotation)
            && int.TryParse(rotation, NumberStyles.Integer, CultureInfo.InvariantCulture, out int degrees)
            && Math.Abs(degrees) % 180 == 90)
        {
            (width, height) = (height, width);
        }

        double? rate = MediaProbe.Rate(stream, "avg_frame_rate") ?? MediaProbe.Rate(stream, "r_frame_rate");
        if (options.Scale is double scale)
        {
            (width, height) = (Math.Max(2, (int)(width * scale) & ~1), Math.Max(2, (int)(height * scale) & ~1));
        }

        width = options.Width ?? width;
        height = options.Height ?? height;
        var decoder = new SupervisedProcessOptions
        {
            Name = name,
            FileName = options.Ffmpeg,
            Arguments = FfmpegArguments.VideoFile(path, options.Pace, width, height, options.Start),
            StallTimeout = options.StallTimeout,
            Restart = RestartPolicy.Never,
            FinishesOnSuccess = true,
            FailsOnErrorOutput = true,
        };
        return new VideoFileSource(name, width, height, options.Pace == FilePace.NativeRate ? rate : null, options.PoolCapacity, options.Frames, decoder, clock);
    }

    private static void Validate(string name, VideoFileOptions options)
    {
        if (options.Width.HasValue != options.Height.HasValue)
        {
            throw new ArgumentException($"{name}: only one of Width and Height is set; allowed: both (to scale) or neither (the file's size)");
        }

        if (options.Scale is double scale && (options.Width.HasValue || !(scale > 0 && scale <= 1)))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: Scale is {scale}; allowed: above 0 up to 1, and not with Width and Height"));
        }

        if (options.Start < TimeSpan.Zero)
        {
            throw new ArgumentException($"{name}: Start is {options.Start}; allowed: zero or later");
        }

        if (string.IsNullOrEmpty(options.Ffmpeg) || string.IsNullOrEmpty(options.Ffprobe))
        {
            throw new ArgumentException($"{name}: Ffmpeg and Ffprobe must name programs");
        }
    }
}
