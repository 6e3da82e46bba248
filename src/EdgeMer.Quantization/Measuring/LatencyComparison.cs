using System.Diagnostics;
using EdgeMer.Inference;
using EdgeMer.Platform;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Measuring;

/// <summary>
/// Times two or more variants of a model in one process on one thread, on the same input: each
/// session pre-bound (inputs and outputs pinned once, so only ONNX Runtime's work is timed), warmed
/// up, then run in rounds taken in rotating order so that a load change on the machine falls on all
/// of them alike. The figure to compare is the ratio of the medians.
/// </summary>
public static class LatencyComparison
{
    /// <summary>Median microseconds per call of each session, in the order given.</summary>
    public static double[] MedianMicroseconds(IReadOnlyList<InferenceSession> sessions, InputCase input, int callsPerSession, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentOutOfRangeException.ThrowIfLessThan(callsPerSession, rounds);
        var bindings = new List<(InferenceBinding Binding, List<PinnedTensor> Tensors)>();
        try
        {
            foreach (InferenceSession session in sessions)
            {
                bindings.Add(Bind(session, input));
            }

            var samples = new List<double>[sessions.Count];
            for (int s = 0; s < sessions.Count; s++)
            {
                samples[s] = new List<double>(callsPerSession);
                for (int warm = 0; warm < 10; warm++)
                {
                    bindings[s].Binding.Run();
                }
            }

            int perRound = callsPerSession / rounds;
            for (int round = 0; round < rounds; round++)
            {
                for (int k = 0; k < sessions.Count; k++)
                {
                    int s = (round + k) % sessions.Count;
                    InferenceBinding binding = bindings[s].Binding;
                    for (int call = 0; call < perRound; call++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        binding.Run();
                        samples[s].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    }
                }
            }

            var medians = new double[sessions.Count];
            for (int s = 0; s < sessions.Count; s++)
            {
                samples[s].Sort();
                medians[s] = samples[s][samples[s].Count / 2];
            }

            return medians;
        }
        finally
        {
            foreach ((InferenceBinding binding, List<PinnedTensor> tensors) in bindings)
            {
                binding.Dispose();
                foreach (PinnedTensor tensor in tensors)
                {
                    tensor.Dispose();
                }
            }
        }
    }

    private static (InferenceBinding, List<PinnedTensor>) Bind(InferenceSession session, InputCase input)
    {
        var tensors = new List<PinnedTensor>();
        InferenceBinding binding = session.CreateBinding();
        foreach (var raw in input.Tensors)
        {
            PinnedTensor tensor = SessionRuns.ToPinned(raw);
            tensors.Add(tensor);
            binding.BindInput(raw.Name, tensor);
        }

        // The outputs' shapes come from one ordinary run.
        foreach (InferenceOutput output in SessionRuns.Run(session, input))
        {
            PinnedTensor tensor = output.ElementType switch
            {
                TensorElementType.Float => PinnedTensor.Allocate<float>(output.Shape),
                TensorElementType.Int32 => PinnedTensor.Allocate<int>(output.Shape),
                TensorElementType.Int64 => PinnedTensor.Allocate<long>(output.Shape),
                _ => throw new InvalidOperationException($"output '{output.Name}' of '{session.ModelName}' is {output.ElementType}; timing binds float32, int32 and int64 outputs"),
            };
            tensors.Add(tensor);
            binding.BindOutput(output.Name, tensor);
        }

        return (binding, tensors);
    }
}
