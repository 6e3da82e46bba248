namespace EdgeMer.Inference.Tests;

public sealed class ExecutionProviderPlanTests
{
    private static readonly string[] s_cpuOnly = ["CPUExecutionProvider"];
    private static readonly string[] s_jetson = ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"];

    [Fact]
    public void No_preferences_selects_cpu()
    {
        ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve([], s_cpuOnly);

        Assert.Equal(ExecutionProviderKind.Cpu, plan.Selected);
        ExecutionProviderDecision cpu = Assert.Single(plan.Decisions);
        Assert.Equal(ExecutionProviderStatus.Selected, cpu.Status);
        Assert.Equal("Cpu", plan.ToString());
        Assert.Equal("no other provider was preferred", plan.DescribeOthers());
    }

    [Fact]
    public void The_first_offered_preference_is_selected_and_later_ones_are_fallbacks()
    {
        ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve([ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda], s_jetson);

        Assert.Equal(ExecutionProviderKind.TensorRT, plan.Selected);
        Assert.Equal(
            [ExecutionProviderStatus.Selected, ExecutionProviderStatus.Fallback, ExecutionProviderStatus.Fallback],
            plan.Decisions.Select(d => d.Status));
        Assert.Equal(
            [ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda, ExecutionProviderKind.Cpu],
            plan.Decisions.Select(d => d.Provider));
    }

    [Fact]
    public void Providers_the_runtime_does_not_offer_fall_back_to_cpu_with_the_reason()
    {
        ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve(
            [ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda, ExecutionProviderKind.DirectML], s_cpuOnly);

        Assert.Equal(ExecutionProviderKind.Cpu, plan.Selected);
        Assert.All(plan.Decisions.Take(3), d =>
        {
            Assert.Equal(ExecutionProviderStatus.Unavailable, d.Status);
            Assert.Contains("not offered by this ONNX Runtime build (it offers CPUExecutionProvider)", d.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(ExecutionProviderStatus.Selected, plan.Decisions[3].Status);
        Assert.Equal("every provider preferred before it was unavailable or failed", plan.Decisions[3].Reason);
    }

    [Fact]
    public void An_unavailable_first_choice_selects_the_next_offered_one()
    {
        ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve(
            [ExecutionProviderKind.DirectML, ExecutionProviderKind.Cuda], s_jetson);

        Assert.Equal(ExecutionProviderKind.Cuda, plan.Selected);
        Assert.Equal(ExecutionProviderStatus.Unavailable, plan.Decisions[0].Status);
        Assert.StartsWith("Cuda (DirectML: Unavailable, not offered", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_listed_first_wins_and_later_preferences_are_not_needed()
    {
        ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve([ExecutionProviderKind.Cpu, ExecutionProviderKind.Cuda], s_jetson);

        Assert.Equal(ExecutionProviderKind.Cpu, plan.Selected);
        Assert.Equal(ExecutionProviderStatus.NotNeeded, plan.Decisions[1].Status);
        Assert.Equal(2, plan.Decisions.Count);
    }

    [Fact]
    public void A_provider_listed_twice_counts_once()
    {
        ExecutionProviderPlan plan = ExecutionProviderPlan.Resolve([ExecutionProviderKind.Cuda, ExecutionProviderKind.Cuda], s_jetson);

        Assert.Equal(ExecutionProviderKind.Cuda, plan.Selected);
        Assert.Equal(ExecutionProviderStatus.NotNeeded, plan.Decisions[1].Status);
    }

    [Fact]
    public void Provider_names_match_what_onnx_runtime_reports()
    {
        Assert.Equal("CPUExecutionProvider", ExecutionProviderNames.Of(ExecutionProviderKind.Cpu));
        Assert.Equal("CUDAExecutionProvider", ExecutionProviderNames.Of(ExecutionProviderKind.Cuda));
        Assert.Equal("TensorrtExecutionProvider", ExecutionProviderNames.Of(ExecutionProviderKind.TensorRT));
        Assert.Equal("DmlExecutionProvider", ExecutionProviderNames.Of(ExecutionProviderKind.DirectML));
        Assert.Equal("XnnpackExecutionProvider", ExecutionProviderNames.Of(ExecutionProviderKind.Xnnpack));
    }
}
