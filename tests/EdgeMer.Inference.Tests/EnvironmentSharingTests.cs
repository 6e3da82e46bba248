using EdgeMer.Platform;
using EdgeMer.Testing;
using Official = Microsoft.ML.OnnxRuntime;

namespace EdgeMer.Inference.Tests;

// ONNX Runtime keeps one environment per process: a second CreateEnv returns the first one, with its
// logger and thread pools, and ignores the caller's. EdgeMer's environment must be the first.
public sealed class EnvironmentSharingTests
{
    [Fact]
    public void The_official_api_joins_edgemers_environment_so_its_sessions_log_through_edgemers_logger()
    {
        _ = OfficialOnnxRuntime.Environment;
        using var options = new Official.SessionOptions
        {
            LogId = "official-session-check",
            LogSeverityLevel = Official.OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO,
        };

        using var session = new Official.InferenceSession(TestModels.Add(), options);

        LogRecord[] official = [.. TestEnvironment.Logs.Records.Where(r => r.Properties.GetValueOrDefault("OrtLogId") == "official-session-check")];
        Assert.NotEmpty(official);
        Assert.All(official, r => Assert.Equal("EdgeMer.Inference.OnnxRuntime", r.Category));

        // Joining left EdgeMer's environment as it was: its shared thread pools still serve its sessions.
        using InferenceSession edgeMer = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add", new InferenceSessionOptions { UseGlobalThreadPools = true });
        using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], Assert.Single(edgeMer.Run(new Dictionary<string, PinnedTensor> { ["a"] = a, ["b"] = a })).ToArray<float>());
    }

    [Fact]
    public void Edgemer_refuses_an_environment_the_official_api_created_first_instead_of_losing_its_logger_and_thread_pools()
    {
        string program = Path.Combine(AppContext.BaseDirectory, "EdgeMer.Inference.Tests.dll");

        ExternalProgramResult result = ExternalProgram.Run(TestPrograms.Dotnet, [program, Program.OfficialEnvironmentFirst], TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 3, $"exit code {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains("official environment created: 1.31.1", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(
            "refused: ONNX Runtime's environment was created by other code in this process before EdgeMer's",
            result.StandardOutput,
            StringComparison.Ordinal);
        Assert.Contains("Create EdgeMer's InferenceEnvironment first", result.StandardOutput, StringComparison.Ordinal);
    }
}
