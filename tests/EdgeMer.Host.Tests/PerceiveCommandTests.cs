using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>edgemer perceive and edgemer bench face as a user runs them, on the sample media.</summary>
public sealed class PerceiveCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-perceive-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Perceive_prints_a_json_line_per_face_and_draws_the_overlay_of_a_photograph()
    {
        string overlay = Path.Combine(_dir, "portrait.png");

        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("portrait-woman.jpg"), "--json", "--overlay", overlay).EnsureSuccess("edgemer perceive");

        string line = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using JsonDocument face = JsonDocument.Parse(line);
        JsonElement root = face.RootElement;
        Assert.Equal(0, root.GetProperty("track").GetInt32());
        Assert.Equal("angry", root.GetProperty("emotion").GetString());
        Assert.Equal(7, root.GetProperty("emotions").EnumerateObject().Count());
        Assert.Equal(4, root.GetProperty("box").GetArrayLength());
        Assert.InRange(root.GetProperty("eyeOpenness").GetSingle(), 0.8f, 1f);
        Assert.InRange(root.GetProperty("quality").GetSingle(), 0.3f, 1f);
        Assert.True(File.Exists(overlay));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(overlay)[..4]);
    }

    [Fact]
    public void Perceive_reads_a_video_file_face_by_face_and_frame_by_frame()
    {
        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("faces-640x480.mp4"), "--frames", "3").EnsureSuccess("edgemer perceive on a video");

        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, lines.Length);
        foreach (int track in (int[])[0, 1, 2])
        {
            Assert.Equal(3, lines.Count(l => l.Contains($"track {track} ", StringComparison.Ordinal)));
        }

        Assert.All(lines, l => Assert.Matches(@"^frame [0-2] t=\S+s track [0-2] box \d+,\d+ \d+x\d+ +[a-z]+ +[01]\.\d\d +eyes [01]\.\d\d +yaw -?\d+ pitch -?\d+ roll -?\d+ +quality [01]\.\d\d$", l));
    }

    [Fact]
    public void Perceive_writes_the_overlay_of_a_video_as_a_video_of_the_frames_it_read()
    {
        string overlay = Path.Combine(_dir, "faces.mp4");

        Edgemer("perceive", "--source", Sample("faces-640x480.mp4"), "--frames", "5", "--overlay", overlay).EnsureSuccess("edgemer perceive --overlay out.mp4");

        ExternalProgramResult probe = ExternalProgram.Run(
                "ffprobe",
                ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", overlay],
                TimeSpan.FromMinutes(1))
            .EnsureSuccess("ffprobe on the overlay video");
        Assert.Equal("h264,640,480,5", probe.StandardOutput.Trim());
    }

    [Fact]
    public void Perceive_names_a_source_it_cannot_read()
    {
        string notAnImage = Path.Combine(_dir, "notes.png");
        File.WriteAllText(notAnImage, "not a picture");

        ExternalProgramResult missing = Edgemer("perceive", "--source", Path.Combine(_dir, "nowhere.jpg"));
        ExternalProgramResult broken = Edgemer("perceive", "--source", notAnImage);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(Path.Combine(_dir, "nowhere.jpg"), missing.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains(notAnImage, broken.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Perceive_reads_a_sound_file_segment_by_segment_with_the_affect_marked_as_the_heuristic()
    {
        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("speech.wav"), "--json").EnsureSuccess("edgemer perceive on speech");
        ExternalProgramResult silence = Edgemer("perceive", "--source", Sample("silence.wav")).EnsureSuccess("edgemer perceive on silence");

        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        double lastEnd = 0;
        foreach (string line in lines)
        {
            using JsonDocument segment = JsonDocument.Parse(line);
            JsonElement root = segment.RootElement;
            Assert.Equal("voice", root.GetProperty("modality").GetString());
            Assert.Equal("heuristic", root.GetProperty("affectSource").GetString());
            double start = root.GetProperty("startSeconds").GetDouble(), end = root.GetProperty("endSeconds").GetDouble();
            Assert.True(start >= lastEnd && end > start, line);
            Assert.InRange(root.GetProperty("arousal").GetSingle(), -1f, 1f);
            Assert.InRange(root.GetProperty("quality").GetSingle(), 0f, 1f);
            Assert.InRange(root.GetProperty("f0MeanHz").GetSingle(), 50f, 500f);
            lastEnd = end;
        }

        Assert.Empty(silence.StandardOutput.Trim());
        Assert.Contains("0 speech segments", silence.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Perceive_takes_a_file_whose_name_says_nothing_as_sound_when_ffprobe_finds_only_sound_in_it()
    {
        string recording = Path.Combine(_dir, "recording.dat");
        File.Copy(Sample("speech.wav"), recording);

        ExternalProgramResult result = Edgemer("perceive", "--source", recording).EnsureSuccess("edgemer perceive on an unnamed recording");

        Assert.NotEmpty(result.StandardOutput.Trim());
        Assert.All(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("speech ", l, StringComparison.Ordinal));
        Assert.Contains($"audio {recording}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Perceive_names_a_sound_file_it_cannot_read()
    {
        string notSound = Path.Combine(_dir, "notes.wav");
        File.WriteAllText(notSound, "not a recording");

        ExternalProgramResult missing = Edgemer("perceive", "--source", Path.Combine(_dir, "nowhere.flac"));
        ExternalProgramResult broken = Edgemer("perceive", "--source", notSound);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(Path.Combine(_dir, "nowhere.flac"), missing.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains(notSound, broken.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Perceive_names_a_microphone_it_cannot_open()
    {
        ExternalProgramResult missing = Edgemer("perceive", "--source", "alsa:edgemer-no-such-device", "--seconds", "5");
        ExternalProgramResult malformed = Edgemer("perceive", "--source", "pulse:-f");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("microphone alsa:edgemer-no-such-device", missing.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("microphone pulse:-f", malformed.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_face_reports_stages_ratios_allocations_and_the_skiasharp_comparison()
    {
        ExternalProgramResult result = Edgemer("bench", "face", "--frames", "4", "--warmup", "2", "--json").EnsureSuccess("edgemer bench face");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement root = report.RootElement;
        Assert.Equal(3, root.GetProperty("facesPerFrame").GetDouble());
        Assert.Equal(["face.detect", "face.landmarks", "face.emotion"], root.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        double model = root.GetProperty("modelMs").GetDouble(), total = root.GetProperty("totalMs").GetDouble();
        Assert.True(model > 0 && total >= model, root.ToString());
        Assert.Equal(total / model, root.GetProperty("totalOverModel").GetDouble(), 6);
        Assert.True(root.GetProperty("detectorPreprocessOverDetectorModel").GetDouble() > 0);
        Assert.Equal(4, root.GetProperty("preprocessing").GetArrayLength());
        Assert.NotEmpty(root.GetProperty("cpu").GetString()!);
    }

    [Fact]
    public void Bench_voice_reports_the_real_time_factor_the_voice_activity_ratio_and_allocations_per_chunk()
    {
        ExternalProgramResult result = Edgemer("bench", "voice", "--passes", "2", "--warmup", "1", "--json").EnsureSuccess("edgemer bench voice");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement root = report.RootElement;
        double sound = root.GetProperty("soundSeconds").GetDouble();
        Assert.Equal("speech.wav", root.GetProperty("sound").GetString());
        Assert.Equal(2, root.GetProperty("passes").GetInt32());
        Assert.Equal(root.GetProperty("processingSeconds").GetDouble() / (2 * sound), root.GetProperty("realTimeFactor").GetDouble(), 6);
        double vad = root.GetProperty("vadMs").GetDouble(), model = root.GetProperty("vadModelMs").GetDouble();
        Assert.True(model > 0 && vad >= model, root.ToString());
        Assert.Equal(vad / model, root.GetProperty("vadOverModel").GetDouble(), 6);
        // One model run per 512 new samples (32 ms) of sound; a partial frame carries over from the warm-up.
        Assert.InRange(root.GetProperty("vadModelRuns").GetInt64(), (long)(2 * sound * 16_000 / 512), (long)(2 * sound * 16_000 / 512) + 1);
        Assert.True(root.GetProperty("speechSegments").GetInt64() >= 2);
        Assert.True(root.GetProperty("managedBytesPerChunk").GetDouble() >= 0);
        Assert.NotEmpty(root.GetProperty("cpu").GetString()!);
    }

    private static string Sample(string name) => Path.Combine(RepoPaths.Root, "models", "sample-media", name);

    private static ExternalProgramResult Edgemer(params string[] arguments) =>
        ExternalProgram.Run(TestPrograms.Dotnet, [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), .. arguments], TimeSpan.FromMinutes(3), workingDirectory: RepoPaths.Root);
}
