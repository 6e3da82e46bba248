using System.Diagnostics;
using EdgeMer.Inference;

namespace EdgeMer.Host.Benchmarks;

/// <summary>
/// Per-call overhead of EdgeMer's ONNX Runtime binding, measured on identity models (the model
/// itself does almost nothing, so the time is the cost of getting in and out of ONNX Runtime), and
/// the same measured through the independent peer on the same model file, in the same run.
/// Both sides use one intra-op and one inter-op thread, full graph optimisation, and bound
/// (pre-allocated) input and output tensors.
/// </summary>
public sealed class OrtOverheadBenchmark
{
    /// <summary>The measured shapes: a small tensor (per-call cost dominates) and an image-sized one.</summary>
    public static IReadOnlyList<long[]> Shapes { get; } = [[1, 16], [1, 3, 224, 224]];

    private static readonly TimeSpan s_peerTimeout = TimeSpan.FromMinutes(10);

    private readonly InferenceEnvironment _environment;
    private readonly NodeOrtPeer? _peer;
    private readonly string? _peerProblem;

    /// <summary>Benchmarks in <paramref name="environment"/>; <paramref name="peer"/> may be null, with <paramref name="peerProblem"/> saying why.</summary>
    public OrtOverheadBenchmark(InferenceEnvironment environment, NodeOrtPeer? peer, string? peerProblem)
    {
        _environment = environment;
        _peer = peer;
        _peerProblem = peerProblem;
    }

    /// <summary>Measures every shape; <paramref name="progress"/> hears what is being measured.</summary>
    public OrtBenchmarkReport Run(int iterations, int warmup, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        string folder = Directory.CreateTempSubdirectory("edgemer-bench-ort-").FullName;
        try
        {
            var cases = new List<OrtBenchmarkCase>(Shapes.Count);
            foreach (long[] shape in Shapes)
            {
                string model = $"identity {string.Join('x', shape)} float32";
                string path = Path.Combine(folder, $"identity-{string.Join('x', shape)}.onnx");
                IdentityModel.Save(path, shape);

                progress?.Invoke($"{model}: EdgeMer");
                LatencySummary edgeMer = MeasureEdgeMer(path, shape, iterations, warmup, out double allocatedPerRun);

                LatencySummary? peer = null;
                string? peerError = _peerProblem;
                if (_peer is not null)
                {
                    progress?.Invoke($"{model}: {_peer.Description}");
                    try
                    {
                        NodeOrtPeerResult result = _peer.Measure(path, shape, iterations, warmup, s_peerTimeout);
                        peer = LatencySummary.FromNanoseconds(result.MeanNs, result.P50Ns, result.P99Ns);
                    }
                    catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Text.Json.JsonException or System.ComponentModel.Win32Exception)
                    {
                        peerError = e.Message;
                    }
                }

                cases.Add(new OrtBenchmarkCase(model, shape, edgeMer, allocatedPerRun, peer, peerError, peer is null ? null : LatencyRatio.Of(edgeMer, peer)));
            }

            OnnxRuntimeInfo runtime = _environment.Runtime;
            return new OrtBenchmarkReport(
                runtime.Version, runtime.ApiVersion, runtime.LibraryPath, _peer?.Description ?? $"none ({_peerProblem})", iterations, warmup, cases);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private LatencySummary MeasureEdgeMer(string modelPath, long[] shape, int iterations, int warmup, out double allocatedPerRun)
    {
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        using InferenceSession session = InferenceSession.Load(_environment, modelPath, options);
        using PinnedTensor<float> input = PinnedTensor.Allocate<float>(shape);
        using PinnedTensor<float> output = PinnedTensor.Allocate<float>(shape);
        Span<float> values = input.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 97 / 97f;
        }

        using InferenceBinding binding = session.CreateBinding();
        binding.BindInput(session.Inputs[0].Name, input);
        binding.BindOutput(session.Outputs[0].Name, output);
        for (int i = 0; i < warmup; i++)
        {
            binding.Run();
        }

        binding.Run();
        if (!output.Span.SequenceEqual(input.Span))
        {
            throw new InvalidOperationException($"The identity model {modelPath} did not return its input");
        }

        long[] ticks = new long[iterations];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < ticks.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            binding.Run();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        allocatedPerRun = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)iterations;
        return LatencySummary.FromStopwatchTicks(ticks);
    }
}
