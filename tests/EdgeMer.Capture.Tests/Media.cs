using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Capture.Tests;

/// <summary>The committed sample media, and broken media made from it for a test.</summary>
public sealed class Media : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(120);

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-media-").FullName;

    /// <summary>A file of models/sample-media (see its README).</summary>
    public static string Sample(string name) => Path.Combine(RepoPaths.Root, "models", "sample-media", name);

    /// <summary>Runs ffmpeg with <paramref name="arguments"/> and returns what it wrote to standard output.</summary>
    public static ReadOnlyMemory<byte> Ffmpeg(params string[] arguments) =>
        ExternalProgram.Run("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", .. arguments], s_limit)
            .EnsureSuccess("ffmpeg making test media").StandardOutputBytes;

    /// <summary>Runs ffprobe and returns the value of <paramref name="entry"/> for the first stream of <paramref name="kind"/>.</summary>
    public static string Probe(string path, char kind, string entry) =>
        ExternalProgram.Run("ffprobe", ["-v", "error", "-select_streams", $"{kind}:0", "-show_entries", $"stream={entry}", "-of", "default=noprint_wrappers=1:nokey=1", path], s_limit)
            .EnsureSuccess("ffprobe").StandardOutput.Trim();

    /// <summary>A path in the test's own folder.</summary>
    public string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>A file of <paramref name="bytes"/> named <paramref name="name"/>.</summary>
    public string Write(string name, ReadOnlySpan<byte> bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    /// <summary>
    /// The sample clip with its index moved to the front (so it can be opened) and cut to half: the
    /// header reads well, and the decoder meets the end of the data part way.
    /// </summary>
    public string TruncatedClip()
    {
        string whole = PathOf("faststart.mp4");
        Ffmpeg("-i", Sample("clip.mp4"), "-c", "copy", "-movflags", "+faststart", "-y", whole);
        byte[] bytes = File.ReadAllBytes(whole);
        return Write("truncated.mp4", bytes.AsSpan(0, bytes.Length / 2));
    }

    /// <summary>Bytes <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> of a copy of <paramref name="path"/> overwritten with noise.</summary>
    public string Damaged(string path, string name, double from, int count)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var noise = new Random(11);
        int start = (int)(bytes.Length * from);
        noise.NextBytes(bytes.AsSpan(start, Math.Min(count, bytes.Length - start)));
        return Write(name, bytes);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
