using EdgeMer.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Quantization.Tests;

/// <summary>The test process's one ONNX Runtime environment.</summary>
internal static class TestRuntime
{
    public static InferenceEnvironment Environment =>
        InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions { LogId = "edgemer-quantization-tests" }, NullLoggerFactory.Instance);
}
