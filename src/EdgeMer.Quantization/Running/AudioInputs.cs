using EdgeMer.Platform;

namespace EdgeMer.Quantization.Running;

/// <summary>
/// Real audio for a voice model's held-out check: the sound of the sample media, decoded by ffmpeg
/// to 16 kHz mono floats in -1..1, one stream per file: <c>speech.wav</c> (5.4 s of speech),
/// <c>silence.wav</c> (2 s of digital silence) and the AAC track of <c>clip.mp4</c> (the same speech
/// after lossy coding, over 4 s of video). Dynamic quantization calibrates nothing, so all of it is held out.
/// </summary>
public sealed class AudioInputs
{
    private static readonly string[] s_files = ["speech.wav", "silence.wav", "clip.mp4"];

    private readonly string _sampleMedia;

    private readonly string _ffmpeg;

    public AudioInputs(string sampleMedia, string ffmpeg = "ffmpeg")
    {
        _sampleMedia = sampleMedia;
        _ffmpeg = ffmpeg;
    }

    /// <summary>Each held-out stream: its file name and its samples.</summary>
    public IReadOnlyList<(string File, float[] Samples)> Streams()
    {
        var streams = new List<(string, float[])>(s_files.Length);
        foreach (string file in s_files)
        {
            streams.Add((file, Decode(file)));
        }

        return streams;
    }

    private float[] Decode(string file)
    {
        string path = Path.Combine(_sampleMedia, file);
        ReadOnlyMemory<byte> bytes = ExternalProgram.Run(_ffmpeg, ["-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", "16000", "-f", "f32le", "-"], TimeSpan.FromMinutes(1))
            .EnsureSuccess($"ffmpeg decoding the sound of {file}")
            .StandardOutputBytes;
        var samples = new float[bytes.Length / sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.Span[..(samples.Length * sizeof(float))]).CopyTo(samples);
        if (samples.Length == 0)
        {
            throw new InvalidOperationException($"{path} holds no sound");
        }

        return samples;
    }
}
