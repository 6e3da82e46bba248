using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>
/// edgemer bench pipeline as a user runs it, cut short: what it reports and that every figure comes
/// from a run (its speed is the benchmark's business, not a test's).
/// </summary>
public sealed class BenchPipelineCommandTests
{
    [Fact]
    public void The_per_frame_path_is_set_against_each_model_run_standalone_through_both_APIs()
    {
        ExternalProgramResult result = Edgemer("bench", "pipeline", "--json", "--frames", "3", "--warmup", "2", "--standalone-runs", "3", "--load-seconds", "0")
            .EnsureSuccess("edgemer bench pipeline");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement chain = report.RootElement.GetProperty("chain");
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("load").ValueKind);
        string[] models = [.. chain.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()!)];
        Assert.Equal(["blazeface-back", "facemesh", "iris", "emotion", "movenet-lightning"], models);
        // Every face stage on every frame of the three-face clip: one detection, a FaceMesh and an emotion run per face.
        Dictionary<string, double> runs = chain.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!, m => m.GetProperty("runsPerFrame").GetDouble());
        Assert.Equal(1, runs["blazeface-back"]);
        Assert.Equal(3, runs["facemesh"]);
        Assert.Equal(3, runs["emotion"]);
        Assert.InRange(runs["iris"], 1, 3);
        Assert.Equal(1, runs["movenet-lightning"]);
        Assert.Equal(["face.detect", "face.landmarks", "face.emotion", "body.pose"], chain.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        foreach (string ratio in (string[])["pipelineOverRawOrt", "chainedOverStandalone"])
        {
            Assert.InRange(chain.GetProperty(ratio).GetDouble(), 0.1, 100);
        }

        Assert.True(chain.GetProperty("pipelineMs").GetDouble() >= chain.GetProperty("chainedModelMs").GetDouble(), "the pipeline took less time than its own model runs");

        // The time beside the models is parted out of the pipeline's own.
        double pre = chain.GetProperty("preprocessMs").GetDouble(), post = chain.GetProperty("postprocessMs").GetDouble();
        Assert.True(pre > 0 && post > 0, $"preprocessing {pre} ms, postprocessing {post} ms per frame");
        Assert.True(chain.GetProperty("chainedModelMs").GetDouble() + pre + post <= chain.GetProperty("pipelineMs").GetDouble(), "the parts of a frame add up to more than the frame");
        // Each model standalone is fed what the pipeline wrote for it: all three faces' crops.
        Assert.Contains("(3 from the pipeline)", chain.GetProperty("models")[1].GetProperty("input").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_is_measured_before_during_and_after_a_load_on_every_core()
    {
        ExternalProgramResult result = Edgemer("bench", "pipeline", "--json", "--frames", "1", "--warmup", "1", "--standalone-runs", "1", "--load-seconds", "3", "--window", "2", "--recovery-seconds", "3")
            .EnsureSuccess("edgemer bench pipeline with the load");

        using JsonDocument report = JsonDocument.Parse(result.StandardOutput);
        JsonElement load = report.RootElement.GetProperty("load");
        Assert.Equal("x64-dev", load.GetProperty("profile").GetString());
        Assert.Equal(100, load.GetProperty("budgetMs").GetDouble());
        Assert.Equal(Environment.ProcessorCount, load.GetProperty("competingProcesses").GetInt32());
        Assert.True(load.GetProperty("unloadedFaceRate").GetDouble() > 0, "no face frame reached fusion before the load");
        // On a machine this busy a loaded window may see no frame finish; then it has no latency either.
        Assert.Equal(load.GetProperty("loadedFaceRate").GetDouble() > 0, load.GetProperty("loadedP99Ms").GetDouble() > 0);
        Assert.True(load.GetProperty("rungs").GetArrayLength() >= 3, "the rung was not noted each second of the load");
        Assert.Equal(load.GetProperty("loadedP99Ms").GetDouble() / 100, load.GetProperty("loadedP99OverBudget").GetDouble(), 6);
    }

    [Fact]
    public void A_profile_that_does_not_exist_is_named()
    {
        ExternalProgramResult result = Edgemer("bench", "pipeline", "--profile", "no-such-board", "--load-seconds", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-board", result.StandardError, StringComparison.Ordinal);
    }

    private static ExternalProgramResult Edgemer(params string[] arguments) =>
        ExternalProgram.Run(TestPrograms.Dotnet, [Path.Combine(AppContext.BaseDirectory, "edgemer.dll"), .. arguments], TimeSpan.FromMinutes(5), workingDirectory: RepoPaths.Root);
}
