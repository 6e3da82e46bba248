namespace EdgeMer.Inference.Tests;

// Which provider (or the model) made a session creation fail. No provider but CPU can be registered
// on this machine's runtime, so the attribution is checked as a function of the outcomes of the
// retries it asks for, as ExecutionProviderPlanTests checks the plan against given provider lists.
public sealed class SessionFailureAttributionTests
{
    private static readonly OnnxRuntimeException s_failure = new(OrtErrorCode.Fail, "the session failed");

    [Fact]
    public void A_model_that_fails_without_any_provider_is_the_models_fault()
    {
        var tried = new List<string>();

        IReadOnlyDictionary<ExecutionProviderKind, string>? blamed = SessionFailures.Attribute(
            [ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda], s_failure, Outcomes(tried, cpu: "bad model"));

        Assert.Null(blamed);
        Assert.Equal(["CPU"], tried);
    }

    [Fact]
    public void Each_provider_that_fails_alone_is_blamed_with_its_own_error_and_no_other()
    {
        IReadOnlyDictionary<ExecutionProviderKind, string>? blamed = SessionFailures.Attribute(
            [ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda],
            s_failure,
            Outcomes([], cpu: null, (ExecutionProviderKind.Cuda, "CUDA failure 100: no CUDA-capable device")));

        Assert.NotNull(blamed);
        KeyValuePair<ExecutionProviderKind, string> only = Assert.Single(blamed);
        Assert.Equal(ExecutionProviderKind.Cuda, only.Key);
        Assert.Equal("creating the session with it failed: CUDA failure 100: no CUDA-capable device", only.Value);
    }

    [Fact]
    public void Providers_that_work_alone_but_not_together_lose_the_later_one()
    {
        IReadOnlyDictionary<ExecutionProviderKind, string>? blamed = SessionFailures.Attribute(
            [ExecutionProviderKind.TensorRT, ExecutionProviderKind.Cuda], s_failure, Outcomes([], cpu: null));

        Assert.NotNull(blamed);
        KeyValuePair<ExecutionProviderKind, string> only = Assert.Single(blamed);
        Assert.Equal(ExecutionProviderKind.Cuda, only.Key);
        Assert.Equal("creating the session with it behind TensorRT failed (each works alone): the session failed", only.Value);
    }

    // tryCreate as a session would answer it: `cpu` is the error with no provider registered, `alone`
    // the errors of providers registered alone; anything else works. `tried` records what was asked.
    private static Func<IReadOnlyList<ExecutionProviderKind>, OnnxRuntimeException?> Outcomes(
        List<string> tried, string? cpu, params (ExecutionProviderKind Provider, string Error)[] alone) =>
        providers =>
        {
            tried.Add(providers.Count == 0 ? "CPU" : string.Join("+", providers));
            if (providers.Count == 0)
            {
                return cpu is null ? null : new OnnxRuntimeException(OrtErrorCode.Fail, cpu);
            }

            foreach ((ExecutionProviderKind provider, string error) in alone)
            {
                if (providers is [var only] && only == provider)
                {
                    return new OnnxRuntimeException(OrtErrorCode.RuntimeException, error);
                }
            }

            return null;
        };
}
