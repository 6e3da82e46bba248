using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

// edgemer on an ONNX Runtime other than the bundled one, as on a device whose own runtime is named by
// EDGEMER_ORT_LIB: onnxruntime-node 1.30.0's library stands in for an older-than-bundled device runtime.
public sealed class RuntimeOverrideCommandTests
{
    private static string Runtime130 =>
        Path.Combine(RepoPaths.NpmPackage("onnxruntime-node", "1.30.0"), "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1");

    [Fact]
    public void Edgemers_binding_runs_on_an_older_runtime_named_by_EDGEMER_ORT_LIB()
    {
        ExternalProgramResult result = Edgemer(Runtime130, "doctor", "--json", "--profile", "x64-dev").EnsureSuccess("edgemer doctor --json");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement ort = report.RootElement.GetProperty("onnxRuntime");
        Assert.Equal("1.30.0", ort.GetProperty("version").GetString());
        Assert.Equal(Runtime130, ort.GetProperty("library").GetString());
        Assert.True(ort.GetProperty("providerSupport")[0].GetProperty("usable").GetBoolean());
    }

    [Fact]
    public void The_official_api_refuses_a_runtime_older_than_its_own_release_and_bench_says_so()
    {
        ExternalProgramResult result = Edgemer(Runtime130, "bench", "ort", "--iterations", "10", "--model-iterations", "1", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The official ONNX Runtime API 1.31.1 cannot run on ONNX Runtime 1.30.0 ({Runtime130})", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_EDGEMER_ORT_LIB_is_reported_asking_for_the_absolute_path()
    {
        ExternalProgramResult result = Edgemer("libonnxruntime.so", "doctor", "--json", "--profile", "x64-dev");

        Assert.Equal(1, result.ExitCode);
        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement ort = report.RootElement.GetProperty("onnxRuntime");
        Assert.False(ort.GetProperty("loaded").GetBoolean());
        Assert.Contains("EDGEMER_ORT_LIB must be the library's absolute path, but 'libonnxruntime.so' is relative", ort.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static ExternalProgramResult Edgemer(string ortLibrary, params string[] arguments) =>
        ExternalProgram.Run(
            TestPrograms.Dotnet,
            [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), .. arguments],
            TimeSpan.FromMinutes(3),
            workingDirectory: RepoPaths.Root,
            environment: new Dictionary<string, string?> { ["EDGEMER_ORT_LIB"] = ortLibrary });
}
