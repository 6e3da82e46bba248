using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference.Tests;

public sealed class InferenceOptionsTests
{
    [Fact]
    public void Default_session_options_are_valid()
    {
        Assert.Empty(new InferenceSessionOptions().Validate());
    }

    [Fact]
    public void Session_options_name_each_bad_key_its_value_and_what_is_allowed()
    {
        var options = new InferenceSessionOptions
        {
            IntraOpThreads = -1,
            GraphOptimization = (GraphOptimizationLevel)7,
            LogLevel = LogLevel.None,
            ExecutionProviders = { ExecutionProviderKind.Cuda, ExecutionProviderKind.Cuda },
            TensorRT = { EngineCacheEnabled = true },
            Cuda = { DeviceId = -2, Settings = { ["arena_extend_strategy"] = "sometimes", ["made_up"] = "1" } },
        };

        IReadOnlyList<string> problems = options.Validate();

        Assert.Contains("IntraOpThreads is -1; allowed: 0 (ONNX Runtime chooses) or a positive thread count", problems);
        Assert.Contains("GraphOptimization is 7; allowed: None, Basic, Extended, All", problems);
        Assert.Contains("LogLevel is None; allowed: Trace, Debug, Information, Warning, Error, Critical", problems);
        Assert.Contains("ExecutionProviders:1 lists Cuda a second time; allowed: each provider once, most preferred first", problems);
        Assert.Contains("TensorRT:EngineCachePath is not set but TensorRT:EngineCacheEnabled is true; allowed: a writable folder for the engine cache", problems);
        Assert.Contains("Cuda:DeviceId is -2; allowed: 0 or a higher CUDA device number", problems);
        Assert.Contains("Cuda:Settings:arena_extend_strategy is 'sometimes'; allowed: kNextPowerOfTwo, kSameAsRequested", problems);
        Assert.Contains(problems, p => p.StartsWith("Cuda:Settings:made_up is not a CUDA setting EdgeMer passes on; allowed keys: gpu_mem_limit,", StringComparison.Ordinal));
        Assert.Equal(8, problems.Count);
    }

    [Fact]
    public void Per_session_threads_conflict_with_global_thread_pools()
    {
        var options = new InferenceSessionOptions { UseGlobalThreadPools = true, IntraOpThreads = 2 };

        string problem = Assert.Single(options.Validate());

        Assert.StartsWith("IntraOpThreads/InterOpThreads are set but UseGlobalThreadPools is true", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_dimensions_must_be_positive()
    {
        var options = new InferenceSessionOptions { FreeDimensionsByName = { ["batch"] = 0 } };

        Assert.Equal(["FreeDimensionsByName:batch is 0; allowed: a positive size"], options.Validate());
    }

    [Fact]
    public void Environment_options_name_each_bad_key()
    {
        var options = new InferenceEnvironmentOptions
        {
            LogId = " ",
            GlobalThreadPools = new GlobalThreadPoolOptions { InterOpThreads = -3 },
        };

        Assert.Equal(
            ["LogId is blank; allowed: a non-empty identifier", "GlobalThreadPools:InterOpThreads is -3; allowed: 0 (ONNX Runtime chooses) or a positive thread count"],
            options.Validate());
    }

    [Fact]
    public void Creating_the_environment_twice_is_refused()
    {
        _ = TestEnvironment.Instance;

        var error = Assert.Throws<InvalidOperationException>(() =>
            InferenceEnvironment.Initialize(new InferenceEnvironmentOptions(), TestEnvironment.Logs));

        Assert.Contains("one per process", error.Message, StringComparison.Ordinal);
        Assert.Same(TestEnvironment.Instance, InferenceEnvironment.Current);
    }

    [Fact]
    public void Get_or_initialize_returns_the_existing_environment_and_keeps_its_thread_pools()
    {
        InferenceEnvironment existing = TestEnvironment.Instance;

        InferenceEnvironment again = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions { GlobalThreadPools = null }, TestEnvironment.Logs);

        Assert.Same(existing, again);
        Assert.True(again.HasGlobalThreadPools);
    }
}
