using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeMer.Onnx;
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

    [Theory]
    [InlineData("movenet-multipose")]
    [InlineData("blazepose-lite")]
    public void Perceive_body_runs_the_pose_model_it_is_told_to(string model)
    {
        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("standing.jpg"), "--modality", "body", "--pose-model", model, "--json").EnsureSuccess($"edgemer perceive --pose-model {model}");

        string line = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using JsonDocument body = JsonDocument.Parse(line);
        Assert.Equal(0, body.RootElement.GetProperty("track").GetInt32());
        Assert.Equal(17, body.RootElement.GetProperty("keypoints").GetArrayLength());
        Assert.Contains($"through {model}", result.StandardError, StringComparison.Ordinal);

        // BlazePose's heels and toes come with the keypoints; MoveNet has none.
        JsonElement feet = body.RootElement.GetProperty("feet");
        if (model == "blazepose-lite")
        {
            Assert.Equal(4, feet.GetArrayLength());
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, feet.ValueKind);
        }
    }

    [Fact]
    public void Perceive_body_refuses_a_pose_model_it_does_not_know_naming_the_ones_it_does()
    {
        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("standing.jpg"), "--modality", "body", "--pose-model", "posenet");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("posenet", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("blazepose-lite", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Perceive_body_reads_a_gait_model_plugged_in_by_its_manifest_instead_of_the_heuristic()
    {
        string manifest = WriteGaitModel(_dir);
        string stream = Path.Combine(_dir, "walker.jsonl");
        File.WriteAllLines(stream, Enumerable.Range(0, 30).Select(Skeleton));

        ExternalProgramResult result = Edgemer("perceive", "--source", stream, "--modality", "body", "--json", "--gait-model", manifest).EnsureSuccess("edgemer perceive --gait-model");

        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(30, lines.Length);
        using JsonDocument last = JsonDocument.Parse(lines[^1]);
        Assert.Equal("model", last.RootElement.GetProperty("affectSource").GetString());
        Assert.NotEqual(JsonValueKind.Null, last.RootElement.GetProperty("valence").ValueKind);
    }

    [Fact]
    public void Perceive_body_refuses_a_gait_model_whose_file_differs_from_its_manifest_naming_the_field()
    {
        string manifest = WriteGaitModel(_dir);
        File.AppendAllText(Path.Combine(_dir, "gait.onnx"), "changed");

        ExternalProgramResult result = Edgemer("perceive", "--source", Sample("standing.jpg"), "--modality", "body", "--gait-model", manifest);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{manifest}: field 'source.sha256'", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_body_names_the_pose_model_it_measured()
    {
        ExternalProgramResult result = Edgemer("bench", "body", "--pose-model", "movenet-multipose", "--passes", "1", "--warmup", "0", "--json").EnsureSuccess("edgemer bench body --pose-model");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("movenet-multipose", report.RootElement.GetProperty("poseModel").GetString());
        Assert.True(report.RootElement.GetProperty("personFrames").GetInt64() > 0);
    }

    /// <summary>A standing person as a skeleton stream line: 17 keypoints, swaying a pixel or two.</summary>
    private static string Skeleton(int i)
    {
        float[][] points =
        [
            [50, 20], [53, 17], [47, 17], [56, 19], [44, 19], [60, 35], [40, 35], [63, 55], [37, 55], [64, 72], [36, 72],
            [57, 75], [43, 75], [57, 105], [43, 105], [57, 135], [43, 135],
        ];
        float sway = MathF.Sin(i / 3f) * 2;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"time\": {i / 30.0:0.0000}, \"track\": 7, \"keypoints\": [");
        for (int k = 0; k < points.Length; k++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(k > 0 ? ", " : string.Empty)}[{points[k][0] + sway:0.00}, {points[k][1]:0.00}, 0.9]");
        }

        return text.Append("]}").ToString();
    }

    /// <summary>
    /// A tiny gait-emotion model (the mean of each joint channel over 20 poses, through a linear layer
    /// and a softmax over three labels) with its manifest and licence text beside it; returns the manifest.
    /// </summary>
    private static string WriteGaitModel(string folder)
    {
        var model = new OnnxModel("gait-linear");
        model.Graph.AddInput("joints", TensorElementType.Float, [1, 3, 20, 17, 1]);
        model.Graph.AddOutput("probabilities", TensorElementType.Float, [1, 3]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("w", [3f, 0f, -2f, 0f, 4f, 1f, 0.5f, 0f, 0f], [3, 3]));
        model.Graph.AddNode("ReduceMean", ["joints"], ["mean"], attributes: [OnnxAttributes.Ints("axes", 2, 3, 4), OnnxAttributes.Int("keepdims", 0)]);
        model.Graph.AddNode("MatMul", ["mean", "w"], ["logits"]);
        model.Graph.AddNode("Softmax", ["logits"], ["probabilities"], attributes: [OnnxAttributes.Int("axis", -1)]);
        byte[] onnx = model.ToBytes();
        File.WriteAllBytes(Path.Combine(folder, "gait.onnx"), onnx);
        Directory.CreateDirectory(Path.Combine(folder, "licenses"));
        File.WriteAllText(Path.Combine(folder, "licenses", "LICENSE.txt"), "a licence text");
        string sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        string manifest = Path.Combine(folder, "gait-linear.json");
        File.WriteAllText(manifest, $$"""
            {
              "id": "gait-linear", "title": "A tiny gait-emotion model built by the test", "task": "gait-emotion", "modality": "body",
              "license": { "name": "MIT", "files": ["licenses/LICENSE.txt"] },
              "source": { "format": "onnx", "npmPackage": "tiny-gait", "version": "1.0.0", "packageSha256": "{{sha}}", "path": "gait.onnx", "sha256": "{{sha}}" },
              "inputs": [ { "name": "joints", "shape": ["batch", 3, 20, 17, 1], "layout": "NCTVM", "dtype": "float32", "colorOrder": "none", "content": "joints-coco17",
                "normalization": { "scale": 1, "offset": 0, "description": "EdgeMer's joint values" } } ],
              "outputs": [ { "name": "probabilities", "shape": ["batch", 3], "dtype": "float32", "meaning": "Softmax over the labels." } ],
              "labels": ["calm", "tense", "low"],
              "emotionMapping": { "calm": "neutral", "tense": "angry", "low": "sad" },
              "valenceArousal": { "source": "The face model's anchors.", "anchors": {
                "neutral": { "valence": 0.0, "arousal": 0.0 }, "angry": { "valence": -0.6, "arousal": 0.7 }, "sad": { "valence": -0.7, "arousal": -0.4 } } },
              "variants": [ { "name": "fp32", "status": "available" } ],
              "verification": { "method": "tfjs", "randomInputs": 1 }
            }
            """);
        return manifest;
    }

    private static string Sample(string name) => Path.Combine(RepoPaths.Root, "models", "sample-media", name);

    private static ExternalProgramResult Edgemer(params string[] arguments) =>
        ExternalProgram.Run(TestPrograms.Dotnet, [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), .. arguments], TimeSpan.FromMinutes(3), workingDirectory: RepoPaths.Root);
}
