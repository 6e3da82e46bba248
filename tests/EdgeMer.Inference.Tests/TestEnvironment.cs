namespace EdgeMer.Inference.Tests;

/// <summary>
/// The one ONNX Runtime environment of the test process (ONNX Runtime allows one per process):
/// created with global thread pools, so tests can run sessions with and without them, and with a
/// recording logger, so tests can see ONNX Runtime's messages.
/// </summary>
public static class TestEnvironment
{
    private static readonly Lazy<InferenceEnvironment> s_environment = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static RecordingLoggerFactory Logs { get; } = new();

    public static InferenceEnvironment Instance => s_environment.Value;

    private static InferenceEnvironment Create() =>
        InferenceEnvironment.Initialize(
            new InferenceEnvironmentOptions
            {
                LogId = "edgemer-tests",
                GlobalThreadPools = new GlobalThreadPoolOptions { IntraOpThreads = 2, InterOpThreads = 1, AllowSpinning = false },
            },
            Logs);
}
