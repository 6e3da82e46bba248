using System.Globalization;
using EdgeMer.Imaging;
using EdgeMer.Platform;

namespace EdgeMer.Host.Perceiving;

/// <summary>
/// <c>--overlay out.mp4</c>: each drawn frame goes to an ffmpeg H.264 encoder as it is drawn, so a long
/// video costs one frame of memory, not all of them.
/// </summary>
internal sealed class OverlayVideo : IDisposable
{
    private readonly string _path;
    private readonly byte[] _rgb;
    private readonly ProgramInput _encoder;

    public OverlayVideo(string path, int width, int height, double framesPerSecond)
    {
        _path = path;
        _rgb = new byte[width * height * 3];
        _encoder = ExternalProgram.StartWithInput(
            "ffmpeg",
            ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}",
             "-r", framesPerSecond.ToString("0.###", CultureInfo.InvariantCulture), "-i", "-",
             "-c:v", "libx264", "-pix_fmt", "yuv420p", path]);
    }

    public void Add(OverlayCanvas canvas)
    {
        canvas.CopyRgb(_rgb);
        _encoder.Write(_rgb);
    }

    /// <summary>Ends the video; an error names the file and quotes ffmpeg when it could not be written.</summary>
    public void Finish() => _encoder.Finish(TimeSpan.FromMinutes(2)).EnsureSuccess($"ffmpeg writing {_path}");

    public void Dispose() => _encoder.Dispose();
}
