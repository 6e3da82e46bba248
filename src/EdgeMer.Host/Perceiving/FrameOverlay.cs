using System.Globalization;
using EdgeMer.Capture;
using EdgeMer.Imaging;
using EdgeMer.Platform;

namespace EdgeMer.Host.Perceiving;

/// <summary>
/// <c>--overlay out.png|out.mp4</c>: what perceive found, drawn on the frames for a person to look at.
/// A still image gives <c>out.png</c>, several frames <c>out-000001.png</c> and so on, and <c>.mp4</c>
/// an H.264 video whose frames go to an ffmpeg encoder as they are drawn, so a long video costs one
/// frame of memory, not all of them.
/// </summary>
internal sealed class FrameOverlay : IDisposable
{
    private readonly string _path;
    private readonly bool _single;
    private readonly OverlayFont _font;
    private readonly ProgramInput? _encoder;
    private readonly byte[] _rgb = [];

    public FrameOverlay(string path, IFrameSource source)
    {
        _path = path;
        _single = source is ImageFileSource;
        _font = OverlayFont.Load();
        if (path.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
        {
            _rgb = new byte[source.Width * source.Height * 3];
            _encoder = ExternalProgram.StartWithInput(
                "ffmpeg",
                ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{source.Width}x{source.Height}",
                 "-r", (source.FramesPerSecond ?? 10).ToString("0.###", CultureInfo.InvariantCulture), "-i", "-",
                 "-c:v", "libx264", "-pix_fmt", "yuv420p", path]);
        }
    }

    /// <summary>Draws on <paramref name="frame"/> with <paramref name="draw"/> and writes it out.</summary>
    public void Draw<TState>(Frame frame, TState state, Action<OverlayCanvas, TState> draw)
    {
        using var canvas = new OverlayCanvas(ImageView.Of(frame), _font);
        draw(canvas, state);
        if (_encoder is not null)
        {
            canvas.CopyRgb(_rgb);
            _encoder.Write(_rgb);
        }
        else
        {
            canvas.SavePng(_single ? _path : string.Create(CultureInfo.InvariantCulture, $"{_path[..^4]}-{frame.Sequence + 1:000000}.png"));
        }
    }

    /// <summary>Ends the video, if one is written; an error names the file and quotes ffmpeg when it could not be written.</summary>
    public void Finish() => _encoder?.Finish(TimeSpan.FromMinutes(2)).EnsureSuccess($"ffmpeg writing {_path}");

    public void Dispose()
    {
        _encoder?.Dispose();
        _font.Dispose();
    }
}
