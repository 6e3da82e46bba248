using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>The edgemer tools as a user runs them: a separate process, its exit code and what it prints.</summary>
public sealed partial class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Bench_ort_measures_edgemer_and_the_official_api_on_one_library_and_reports_their_ratios_from_the_same_run()
    {
        ExternalProgramResult result = Edgemer("bench", "ort", "--iterations", "50", "--model-iterations", "5", "--json").EnsureSuccess("edgemer bench ort");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement root = report.RootElement;
        Assert.Equal("1.31.1", root.GetProperty("onnxRuntimeVersion").GetString());
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so"), root.GetProperty("onnxRuntimeLibrary").GetString());
        Assert.StartsWith("Microsoft.ML.OnnxRuntime 1.31.1", root.GetProperty("officialApi").GetString(), StringComparison.Ordinal);
        Assert.Empty(root.GetProperty("skipped").EnumerateArray());
        JsonElement[] cases = [.. root.GetProperty("cases").EnumerateArray()];
        Assert.Equal(
            ["identity 1x16 float32", "identity 1x3x224x224 float32", "emotion (catalog)", "blazeface-back (catalog)"],
            cases.Select(c => c.GetProperty("model").GetString()));
        foreach (JsonElement measured in cases)
        {
            AssertRatio(measured, "edgeMerBinding", "officialBinding", "bindingRatio");
            AssertRatio(measured, "edgeMerRun", "officialRun", "runRatio");
            // Less than the smallest managed object per call: no call allocated. (A collection set off by
            // another thread can book a few bytes of this thread's allocation buffer to the timed loop.)
            Assert.True(measured.GetProperty("edgeMerBinding").GetProperty("allocatedBytesPerRun").GetDouble() < 24, measured.ToString());
            Assert.False(string.IsNullOrWhiteSpace(measured.GetProperty("officialRun").GetProperty("times").GetString()));
        }
    }

    private static void AssertRatio(JsonElement measured, string ours, string theirs, string ratio)
    {
        double edgeMer = measured.GetProperty(ours).GetProperty("latency").GetProperty("meanMicroseconds").GetDouble();
        double official = measured.GetProperty(theirs).GetProperty("latency").GetProperty("meanMicroseconds").GetDouble();
        Assert.True(edgeMer > 0 && official > 0, measured.ToString());
        Assert.Equal(edgeMer / official, measured.GetProperty(ratio).GetProperty("mean").GetDouble(), 9);
    }

    [Fact]
    public void Keys_generate_writes_a_public_key_and_an_owner_only_secret_and_never_overwrites_them()
    {
        Edgemer("keys", "generate", "--name", "cabin-7", "--out", _dir).EnsureSuccess("edgemer keys generate");

        string secret = Path.Combine(_dir, "cabin-7.key_secret");
        Assert.True(File.Exists(Path.Combine(_dir, "cabin-7.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        string before = File.ReadAllText(secret);

        ExternalProgramResult again = Edgemer("keys", "generate", "--name", "cabin-7", "--out", _dir);

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already exists", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(secret));
    }

    [Fact]
    public void Models_list_shows_the_eight_catalogued_models_with_the_sha256_of_each_built_file()
    {
        ExternalProgramResult result = Edgemer(
            "models", "list", "--catalog", Path.Combine(RepoPaths.Root, "models"), "--store", Path.Combine(RepoPaths.Cache, "models"))
            .EnsureSuccess("edgemer models list");

        string[] built = [.. BuiltLine().Matches(result.StandardOutput).Select(m => m.Groups["id"].Value)];
        Assert.Equal(["blazeface-back", "blazepose-lite", "emotion", "facemesh", "iris", "movenet-lightning", "movenet-multipose", "silero-vad"], built);
    }

    [Fact]
    public void Models_list_json_reads_the_catalog_beside_the_executable_whose_licence_texts_travel_with_it()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "models");
        ExternalProgramResult result = Edgemer("models", "list", "--json", "--catalog", beside, "--store", Path.Combine(RepoPaths.Cache, "models"))
            .EnsureSuccess("edgemer models list --json");

        using JsonDocument listing = JsonDocument.Parse(result.StandardOutput);
        JsonElement[] models = [.. listing.RootElement.GetProperty("models").EnumerateArray()];
        Assert.Equal(["blazeface-back", "blazepose-lite", "emotion", "facemesh", "iris", "movenet-lightning", "movenet-multipose", "silero-vad"], models.Select(m => m.GetProperty("id").GetString()));
        foreach (JsonElement model in models)
        {
            Assert.Matches("^[0-9a-f]{64}$", model.GetProperty("built").GetProperty("sha256").GetString());
            foreach (JsonElement file in model.GetProperty("license").GetProperty("files").EnumerateArray())
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "models", file.GetString()!)), File.ReadAllBytes(Path.Combine(beside, file.GetString()!)));
            }
        }
    }

    [Fact]
    public void Models_verify_json_prints_only_the_report_document()
    {
        ExternalProgramResult result = Edgemer(
            "models", "verify", "--json", "--id", "silero-vad", "--catalog", Path.Combine(RepoPaths.Root, "models"), "--store", Path.Combine(RepoPaths.Cache, "models"))
            .EnsureSuccess("edgemer models verify --json");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean(), result.StandardOutput);
        JsonElement model = Assert.Single(report.RootElement.GetProperty("models").EnumerateArray());
        Assert.Equal("silero-vad", model.GetProperty("modelId").GetString());
        Assert.Equal("vad-web", model.GetProperty("method").GetString());
        Assert.True(model.GetProperty("worstScaled").GetDouble() <= report.RootElement.GetProperty("tolerance").GetDouble());
    }

    [Fact]
    public void Doctor_exits_nonzero_and_names_the_file_for_a_profile_that_does_not_exist()
    {
        ExternalProgramResult result = Edgemer("doctor", "--profile", "no-such-board");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-board.json", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_quantize_refuses_a_malformed_recipe_naming_the_file_and_the_key()
    {
        string recipe = Path.Combine(_dir, "emotion.json");
        File.WriteAllText(recipe, """{ "model": "emotion", "description": "d", "ops": ["Conv"], "calibration": { "method": "kl" } }""");

        ExternalProgramResult result = Edgemer("models", "quantize", "--recipe", recipe, "--store", Path.Combine(_dir, "store"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"edgemer models: {recipe}: calibration.method is 'kl'; allowed: minmax, percentile, entropy", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_quantize_refuses_a_node_the_model_does_not_have()
    {
        string recipe = Path.Combine(_dir, "emotion.json");
        File.WriteAllText(recipe, """{ "model": "emotion", "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax" }, "keepFloat": [ { "node": "conv_99", "reason": "r" } ] }""");

        ExternalProgramResult result = Edgemer("models", "quantize", "--recipe", recipe, "--reports", Path.Combine(_dir, "reports"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("keepFloat[0].node 'conv_99' is not a node of model", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "reports")));
    }

    [Fact]
    public void Models_quantize_refuses_a_dynamic_recipe_that_names_a_calibration()
    {
        string recipe = Path.Combine(_dir, "silero-vad.json");
        File.WriteAllText(recipe, """{ "model": "silero-vad", "description": "d", "mode": "dynamic", "ops": ["Conv"], "calibration": { "method": "minmax" } }""");

        ExternalProgramResult result = Edgemer("models", "quantize", "--recipe", recipe, "--store", Path.Combine(_dir, "store"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"edgemer models: {recipe}: 'calibration' does not apply with \"mode\": \"dynamic\"", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_quantize_refuses_a_dynamic_recipe_for_a_model_it_cannot_measure_that_way()
    {
        string recipe = Path.Combine(_dir, "emotion.json");
        File.WriteAllText(recipe, """{ "model": "emotion", "description": "d", "mode": "dynamic", "ops": ["Conv"] }""");

        ExternalProgramResult result = Edgemer("models", "quantize", "--recipe", recipe, "--reports", Path.Combine(_dir, "reports"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("model 'emotion' (FaceEmotion): dynamic quantization is measured on voice activity models", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "reports")));
    }

    private static ExternalProgramResult Edgemer(params string[] arguments) =>
        ExternalProgram.Run(TestPrograms.Dotnet, [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), .. arguments], TimeSpan.FromMinutes(3), workingDirectory: RepoPaths.Root);

    [GeneratedRegex(@"^(?<id>[a-z0-9-]+)\s.*\.fp32\.onnx [0-9a-f]{64}$", RegexOptions.Multiline)]
    private static partial Regex BuiltLine();
}
