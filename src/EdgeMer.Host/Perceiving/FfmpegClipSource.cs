using System.Globalization;
using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Platform;

namespace EdgeMer.Host.Perceiving;

/// <summary>
/// Interim: a video file or V4L2 camera read by one ffmpeg run (through <see cref="ExternalProgram"/>)
/// that decodes up to a number of frames to RGB24 in memory, then delivered as pooled frames as fast
/// as the callback takes them, stamped when delivered. It stands in for EdgeMer.Capture's supervised,
/// streaming ffmpeg sources (restarts, pacing, capture-time stamps) until they are merged; nothing but
/// <c>edgemer perceive</c> uses it.
/// </summary>
internal sealed class FfmpegClipSource : IFrameSource
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyList<string> _input;
    private readonly CaptureClock _clock;
    private readonly int _maxFrames;
    private readonly FramePool _pool;

    private FfmpegClipSource(string name, IReadOnlyList<string> input, CaptureClock clock, int maxFrames, int width, int height, double? fps)
    {
        Name = name;
        _input = input;
        _clock = clock;
        _maxFrames = maxFrames;
        Width = width;
        Height = height;
        FramesPerSecond = fps;
        _pool = new FramePool(width, height, PixelFormat.Rgb24, 4);
    }

    public string Name { get; }

    public int Width { get; }

    public int Height { get; }

    public PixelFormat Format => PixelFormat.Rgb24;

    public double? FramesPerSecond { get; }

    public static FfmpegClipSource Video(string path, CaptureClock clock, int maxFrames) =>
        Open($"video {path}", [path], ["-i", path], clock, maxFrames);

    public static FfmpegClipSource Camera(string device, CaptureClock clock, int maxFrames) =>
        Open($"camera {device}", ["-f", "v4l2", device], ["-f", "v4l2", "-i", device], clock, maxFrames);

    private static FfmpegClipSource Open(string name, IReadOnlyList<string> probeInput, IReadOnlyList<string> input, CaptureClock clock, int maxFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrames);
        ExternalProgramResult probe;
        try
        {
            probe = ExternalProgram.Run(
                "ffprobe",
                ["-v", "error", .. probeInput, "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate", "-of", "csv=p=0"],
                s_probeTimeout);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new FrameSourceException(name, $"ffprobe could not read it: {e.Message}", e);
        }

        string[] fields = probe.StandardOutput.Trim().Split(',');
        if (probe.ExitCode != 0 || fields.Length < 2
            || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out int width) || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out int height))
        {
            throw new FrameSourceException(name, $"not a video ffmpeg can read ({probe.StandardError.Trim()})");
        }

        double? fps = null;
        if (fields.Length > 2 && fields[2].Split('/') is [string n, string d]
            && double.TryParse(n, CultureInfo.InvariantCulture, out double num) && double.TryParse(d, CultureInfo.InvariantCulture, out double den) && den > 0 && num > 0)
        {
            fps = num / den;
        }

        return new FfmpegClipSource(name, input, clock, maxFrames, width, height, fps);
    }

    public Task RunAsync(Action<Frame> onFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        ExternalProgramResult decoded;
        try
        {
            decoded = ExternalProgram.Run(
                "ffmpeg",
                ["-v", "error", .. _input, "-frames:v", _maxFrames.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                TimeSpan.FromMinutes(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new FrameSourceException(Name, $"ffmpeg could not decode it: {e.Message}", e);
        }

        if (decoded.ExitCode != 0)
        {
            throw new FrameSourceException(Name, $"ffmpeg failed ({decoded.StandardError.Trim()})");
        }

        ReadOnlySpan<byte> pixels = decoded.StandardOutputBytes.Span;
        int frameBytes = _pool.FrameBytes;
        for (int i = 0; (i + 1) * frameBytes <= pixels.Length && !cancellationToken.IsCancellationRequested; i++)
        {
            if (!_pool.TryRent(_clock.Now, i, out Frame frame, out Span<byte> target))
            {
                continue;
            }

            try
            {
                pixels.Slice(i * frameBytes, frameBytes).CopyTo(target);
                onFrame(frame);
            }
            finally
            {
                frame.Release();
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
