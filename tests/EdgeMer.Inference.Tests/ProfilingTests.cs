using System.Text.Json;

namespace EdgeMer.Inference.Tests;

/// <summary>ONNX Runtime's profiler through the binding: the trace names every node it ran, with its time.</summary>
public sealed class ProfilingTests
{
    [Fact]
    public void A_profiled_session_writes_a_trace_with_a_kernel_time_for_its_node()
    {
        string prefix = Path.Combine(Path.GetTempPath(), $"edgemer-profiling-test-{Guid.NewGuid():N}");
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1, ProfilingPrefix = prefix };
        string trace;
        using (InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.Add(), "profiled add", options))
        {
            using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
            using PinnedTensor<float> b = PinnedTensor.FromArray([1f, 1f, 1f, 1f, 1f, 1f], 2, 3);
            session.Run(new Dictionary<string, PinnedTensor> { ["a"] = a, ["b"] = b });

            trace = session.EndProfiling();
        }

        try
        {
            Assert.StartsWith(prefix, trace, StringComparison.Ordinal);
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(trace));
            Assert.Contains(document.RootElement.EnumerateArray(), e =>
                e.TryGetProperty("cat", out JsonElement category) && category.GetString() == "Node"
                && e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)
                && e.GetProperty("args").GetProperty("op_name").GetString() == "Add");
        }
        finally
        {
            File.Delete(trace);
        }
    }
}
