using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference.Tests;

public sealed class EnvironmentTests
{
    [Fact]
    public void Onnx_runtime_log_messages_reach_the_logger_with_the_session_log_id()
    {
        var options = new InferenceSessionOptions { LogLevel = LogLevel.Trace, LogId = "log-routing-check" };

        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add", options);

        LogRecord[] mine = [.. TestEnvironment.Logs.Records.Where(r => r.Properties.GetValueOrDefault("OrtLogId") == "log-routing-check")];
        Assert.NotEmpty(mine);
        Assert.All(mine, r => Assert.Equal("EdgeMer.Inference.OnnxRuntime", r.Category));
        Assert.Contains(mine, r => r.Level == LogLevel.Trace);
        Assert.Contains(mine, r => r.Level == LogLevel.Debug && r.Message.Contains("Session successfully initialized", StringComparison.Ordinal));
    }

    [Fact]
    public void The_environment_filters_onnx_runtime_messages_at_its_own_level_by_default()
    {
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add", new InferenceSessionOptions { LogId = "quiet-check" });

        Assert.Equal(LogLevel.Warning, TestEnvironment.Instance.LogLevel);
        Assert.DoesNotContain(TestEnvironment.Logs.Records, r => r.Properties.GetValueOrDefault("OrtLogId") == "quiet-check" && r.Level < LogLevel.Warning);
    }

    [Fact]
    public void Sessions_can_opt_into_the_environment_thread_pools()
    {
        Assert.True(TestEnvironment.Instance.HasGlobalThreadPools);
        var shared = new InferenceSessionOptions { UseGlobalThreadPools = true, LogLevel = LogLevel.Debug, LogId = "global-pools-check" };
        var own = new InferenceSessionOptions { IntraOpThreads = 2, LogLevel = LogLevel.Debug, LogId = "own-pools-check" };

        using InferenceSession first = InferenceSession.Load(TestEnvironment.Instance, TestModels.MatMul(), "matmul", shared);
        using InferenceSession second = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add", shared);
        using InferenceSession third = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "add", own);

        Assert.Equal(2, Messages("global-pools-check").Count(m => m.StartsWith("Using global/env threadpools", StringComparison.Ordinal)));
        Assert.DoesNotContain(Messages("global-pools-check"), m => m.StartsWith("Creating and using per session threadpools", StringComparison.Ordinal));
        Assert.Contains(Messages("own-pools-check"), m => m.StartsWith("Creating and using per session threadpools", StringComparison.Ordinal));

        using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        InferenceOutput c = Assert.Single(second.Run(new Dictionary<string, PinnedTensor> { ["a"] = a, ["b"] = a }));
        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], c.ToArray<float>());
    }

    private static IEnumerable<string> Messages(string logId) =>
        TestEnvironment.Logs.Records
            .Where(r => r.Properties.GetValueOrDefault("OrtLogId") == logId)
            .Select(r => r.Properties.GetValueOrDefault("OrtMessage") ?? string.Empty);
}
