using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests;

/// <summary>
/// The media a device under proof holds in memory, as raw buffers: RGB24 frames (<c>NAME.rgb</c>)
/// and 16 kHz mono s16le speech (<c>NAME.pcm</c>), decoded from <c>models/sample-media/</c> (the
/// photographs, the speech and silence, and the clip's frames and sound).
/// </summary>
public sealed class SampleMedia
{
    private SampleMedia(string directory, IReadOnlyList<MediaBuffer> buffers, string origin)
    {
        Directory = directory;
        Buffers = buffers;
        Origin = origin;
    }

    /// <summary>The folder of raw files a device process is pointed at.</summary>
    public string Directory { get; }

    /// <summary>The same raw bytes, for the search of the wire.</summary>
    public IReadOnlyList<MediaBuffer> Buffers { get; }

    /// <summary>Where the media came from, for test output.</summary>
    public string Origin { get; }

    /// <summary>The repository's sample media, decoded into <paramref name="directory"/>.</summary>
    private static string SampleMediaDirectory => Path.Combine(RepoPaths.Root, "models", "sample-media");

    public static SampleMedia Prepare(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        string origin = SampleMediaDirectory;
        foreach (string file in System.IO.Directory.EnumerateFiles(SampleMediaDirectory, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            string raw = Path.Combine(directory, name);
            switch (Path.GetExtension(file).ToLowerInvariant())
            {
                case ".jpg" or ".jpeg" or ".png":
                    // At the photograph's own size: the very pixels a decoder hands the pipeline.
                    Run("ffmpeg", "-v", "error", "-y", "-i", file, "-f", "rawvideo", "-pix_fmt", "rgb24", raw + ".rgb");
                    break;
                case ".wav":
                    Run("ffmpeg", "-v", "error", "-y", "-i", file, "-f", "s16le", "-ac", "1", "-ar", "16000", raw + ".pcm");
                    break;
                case ".mp4":
                    // A camera and a microphone would deliver the clip as frames and samples.
                    Run("ffmpeg", "-v", "error", "-y", "-i", file, "-vf", "fps=5", "-f", "rawvideo", "-pix_fmt", "rgb24", raw + "-frames.rgb");
                    Run("ffmpeg", "-v", "error", "-y", "-i", file, "-vn", "-f", "s16le", "-ac", "1", "-ar", "16000", raw + "-sound.pcm");
                    break;
            }
        }

        var buffers = new List<MediaBuffer>();
        foreach (string file in System.IO.Directory.EnumerateFiles(directory))
        {
            buffers.Add(new MediaBuffer(Path.GetFileName(file), File.ReadAllBytes(file)));
        }

        if (!buffers.Exists(b => b.Name.EndsWith(".rgb", StringComparison.Ordinal)) || !buffers.Exists(b => b.Name.EndsWith(".pcm", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"sample media in {origin} gave no frames or no speech");
        }

        return new SampleMedia(directory, buffers, origin);
    }

    private static void Run(string tool, params string[] arguments) =>
        ExternalProgram.Run(tool, arguments, TimeSpan.FromMinutes(2)).EnsureSuccess($"preparing the sample media with {tool}");
}
