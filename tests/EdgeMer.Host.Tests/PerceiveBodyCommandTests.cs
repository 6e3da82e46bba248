using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>edgemer perceive --modality body and edgemer bench body as a user runs them, on the sample media.</summary>
public sealed class PerceiveBodyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-perceive-body-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Perceive_body_prints_a_json_line_with_the_keypoints_and_draws_the_skeleton_of_a_photograph()
    {
        string overlay = Path.Combine(_dir, "standing.png");

        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("standing.jpg"), "--modality", "body", "--json", "--overlay", overlay).EnsureSuccess("edgemer perceive --modality body");

        string line = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using JsonDocument body = JsonDocument.Parse(line);
        JsonElement root = body.RootElement;
        Assert.Equal("body", root.GetProperty("modality").GetString());
        Assert.Equal("heuristic", root.GetProperty("affectSource").GetString());
        Assert.Equal(0, root.GetProperty("track").GetInt32());
        Assert.Equal(17, root.GetProperty("keypoints").GetArrayLength());
        Assert.All(root.GetProperty("keypoints").EnumerateArray(), k => Assert.Equal(3, k.GetArrayLength()));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(overlay)[..4]);
    }

    [Fact]
    public void Perceive_body_follows_one_track_through_the_frames_of_a_video()
    {
        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("clip.mp4"), "--modality", "body", "--frames", "8").EnsureSuccess("edgemer perceive --modality body on a video");

        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^frame [0-7] t=\S+s track 0 [a-z]+ +speed \S+ H/s .* quality [01]\.\d\d +window \d+\.\ds$", l));
    }

    [Fact]
    public void Perceive_body_refuses_a_malformed_skeleton_stream_naming_the_line()
    {
        string stream = Path.Combine(_dir, "people.jsonl");
        File.WriteAllText(stream, "\n{\"time\": 0, \"track\": 1, \"keypoints\": [[1, 2, 0.5]]}\n");

        ExternalProgramResult result = Edgemer("perceive", "--source", stream, "--modality", "body");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{stream} line 2: 'keypoints' has 1 entries; 17 COCO keypoints expected", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_body_reports_the_pipeline_over_its_onnx_runtime_time_and_allocations_per_frame()
    {
        ExternalProgramResult result = Edgemer("bench", "body", "--passes", "2", "--warmup", "1", "--json").EnsureSuccess("edgemer bench body");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement root = report.RootElement;
        Assert.Equal("standing.jpg", root.GetProperty("photograph").GetString());
        Assert.Equal(2 * root.GetProperty("framesPerPass").GetInt32(), root.GetProperty("frames").GetInt64());
        Assert.Equal(root.GetProperty("frames").GetInt64(), root.GetProperty("personFrames").GetInt64());
        double total = root.GetProperty("totalMsPerFrame").GetDouble(), model = root.GetProperty("modelMsPerFrame").GetDouble();
        Assert.True(model > 0 && total >= model, root.ToString());
        Assert.Equal(total / model, root.GetProperty("totalOverModel").GetDouble(), 6);
        Assert.True(root.GetProperty("managedBytesPerFrame").GetDouble() >= 0);
    }

    private static string Sample(string name) => Path.Combine(RepoPaths.Root, "models", "sample-media", name);

    private static ExternalProgramResult Edgemer(params string[] arguments) =>
        ExternalProgram.Run(TestPrograms.Dotnet, [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), .. arguments], TimeSpan.FromMinutes(3), workingDirectory: RepoPaths.Root);
}
