namespace EdgeMer.Inference.Tests;

// The bundled runtime (Microsoft.ML.OnnxRuntime's CPU build) has no GPU provider compiled in, and this
// machine has no GPU, so every GPU preference must end on CPU, with the reason recorded and logged.
public sealed class ProviderFallbackTests
{
    [Fact]
    public void Gpu_preferences_fall_back_to_cpu_and_say_why()
    {
        var options = new InferenceSessionOptions
        {
            LogId = "fallback-check",
            ExecutionProviders = { ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda, ExecutionProviderKind.DirectML },
            TensorRT = { Fp16Enabled = true, EngineCacheEnabled = true, EngineCachePath = Path.GetTempPath() },
            Cuda = { Settings = { ["arena_extend_strategy"] = "kSameAsRequested" } },
        };

        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "fallback-add", options);

        Assert.Equal(ExecutionProviderKind.Cpu, session.ExecutionProvider);
        IReadOnlyList<ExecutionProviderDecision> decisions = session.ExecutionProviderDecisions;
        Assert.Equal(
            [ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda, ExecutionProviderKind.DirectML, ExecutionProviderKind.Cpu],
            decisions.Select(d => d.Provider));
        Assert.Equal(ExecutionProviderStatus.Unavailable, decisions[0].Status);
        Assert.StartsWith("not offered by this ONNX Runtime build (it offers CPUExecutionProvider)", decisions[0].Reason, StringComparison.Ordinal);
        Assert.Equal(ExecutionProviderStatus.Unavailable, decisions[1].Status);
        Assert.Equal(ExecutionProviderStatus.Unavailable, decisions[2].Status);
        Assert.Equal(ExecutionProviderStatus.Selected, decisions[3].Status);

        LogRecord line = Assert.Single(TestEnvironment.Logs.Records, r => r.EventId == 10 && r.Properties.GetValueOrDefault("Model") == "fallback-add");
        Assert.StartsWith("Model fallback-add runs on Cpu; TensorRT: Unavailable, not offered by this ONNX Runtime build", line.Message, StringComparison.Ordinal);
        Assert.Contains("DirectML: Unavailable, not offered by this ONNX Runtime build", line.Message, StringComparison.Ordinal);

        using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        InferenceOutput c = Assert.Single(session.Run(new Dictionary<string, PinnedTensor> { ["a"] = a, ["b"] = a }));
        Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], c.ToArray<float>());
    }

    [Fact]
    public void The_session_decision_matches_the_plan_doctor_would_print_for_providers_that_are_not_offered()
    {
        var options = new InferenceSessionOptions { ExecutionProviders = { ExecutionProviderKind.DirectML, ExecutionProviderKind.Xnnpack } };

        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "plan-add", options);
        ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve([.. options.ExecutionProviders], OnnxRuntimeInfo.Current.AvailableProviders);

        Assert.Equal(plan.Selected, session.ExecutionProvider);
        Assert.Equal(plan.Decisions, session.ExecutionProviderDecisions);
    }
}
