using System.Globalization;

namespace EdgeMer.Capture;

/// <summary>
/// The ffmpeg command lines of the sources: an input (a file, a V4L2 camera, an ALSA or PulseAudio
/// device) decoded to raw RGB24 frames or 16 kHz mono float samples on standard output.
/// </summary>
internal static class FfmpegArguments
{
    /// <summary>
    /// No banner, no reading of standard input, and only errors on standard error: what it prints
    /// there is a reason, and a file decoder that printed anything met damaged data.
    /// </summary>
    private static readonly string[] s_quiet = ["-hide_banner", "-nostdin", "-loglevel", "error"];

    /// <summary>Samples as this machine's floats, so they are read into float buffers as they are.</summary>
    private static string PcmFormat => BitConverter.IsLittleEndian ? "f32le" : "f32be";

    public static List<string> VideoFile(string path, FilePace pace, int width, int height, TimeSpan start = default) =>
        [.. s_quiet, .. Pace(pace), .. Seek(start), "-i", FileUrl(path), "-map", "0:v:0", .. RawVideo(width, height)];

    // Before -i: ffmpeg seeks the input to the nearest key frame before and decodes from there, dropping what precedes.
    private static string[] Seek(TimeSpan start) =>
        start > TimeSpan.Zero ? ["-ss", start.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)] : [];

    public static List<string> V4l2Camera(V4l2CameraOptions options)
    {
        List<string> arguments = [.. s_quiet, "-f", "v4l2"];
        if (options.InputFormat is { } format)
        {
            arguments.AddRange(["-input_format", format]);
        }

        arguments.AddRange(
        [
            "-framerate", options.FramesPerSecond.ToString(CultureInfo.InvariantCulture),
            "-video_size", string.Create(CultureInfo.InvariantCulture, $"{options.Width}x{options.Height}"),
            "-i", options.Device,
            "-map", "0:v:0",
            .. RawVideo(options.Width, options.Height),
        ]);
        return arguments;
    }

    public static List<string> AudioFile(string path, FilePace pace) =>
        [.. s_quiet, .. Pace(pace), "-i", FileUrl(path), "-map", "0:a:0", .. Pcm()];

    public static List<string> LiveAudio(LiveAudioOptions options) =>
        [.. s_quiet, "-f", options.Backend == AudioBackend.Pulse ? "pulse" : "alsa", "-i", options.Device, .. Pcm()];

    /// <summary>
    /// <c>file:</c> and the full path, so that a file named like a protocol (<c>concat:a|b</c>,
    /// <c>http://...</c>) is still read as the file it is.
    /// </summary>
    public static string FileUrl(string path) => "file:" + Path.GetFullPath(path);

    private static string[] Pace(FilePace pace) => pace == FilePace.NativeRate ? ["-re"] : [];

    /// <summary>
    /// Every decoded frame as it is (no frames duplicated or dropped to keep a constant rate), scaled
    /// to the size the source promised, as RGB24. <c>-vsync</c> rather than <c>-fps_mode</c>, which
    /// ffmpeg before 5.1 (JetPack's) lacks.
    /// </summary>
    private static string[] RawVideo(int width, int height) =>
    [
        "-an", "-sn", "-dn",
        "-vsync", "passthrough",
        "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}"),
        "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
    ];

    private static string[] Pcm() =>
    [
        "-vn", "-sn", "-dn",
        "-ac", "1", "-ar", AudioChunk.SampleRate.ToString(CultureInfo.InvariantCulture),
        "-f", PcmFormat, "pipe:1",
    ];
}
