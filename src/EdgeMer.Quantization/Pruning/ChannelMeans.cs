using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Platform;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// The mean of every channel of some NCHW tensors over calibration inputs (all images and
/// positions), observed as the quantizer observes activations: the tensors added as graph outputs,
/// one thread, the inputs in order, so the sums and the corrected biases are the same every run.
/// </summary>
public static class ChannelMeans
{
    public static Dictionary<string, double[]> Observe(InferenceEnvironment environment, OnnxModel model, IReadOnlyList<string> tensors, IReadOnlyList<InputCase> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(inputs);
        var means = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (tensors.Count == 0 || inputs.Count == 0)
        {
            return means;
        }

        OnnxModel observed = OnnxModel.FromBytes(model.ToBytes(), model.Graph.Name);
        foreach (string tensor in tensors)
        {
            if (observed.Graph.FindOutput(tensor) is null)
            {
                observed.Graph.AddOutput(tensor, TensorElementType.Float);
            }
        }

        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        using InferenceSession session = InferenceSession.Load(environment, observed.ToBytes(), model.Graph.Name + " (channel means)", options);
        var sums = new Dictionary<string, (double[] Sums, long Count)>(StringComparer.Ordinal);
        foreach (InputCase input in inputs)
        {
            IReadOnlyList<InferenceOutput> outputs = SessionRuns.Run(session, input);
            foreach (string tensor in tensors)
            {
                InferenceOutput output = SessionRuns.Find(outputs, tensor, session.ModelName);
                ReadOnlySpan<long> shape = output.Shape;
                if (shape.Length < 2)
                {
                    throw new InvalidOperationException($"tensor '{tensor}' has {shape.Length} dimensions; channel means need N, C and positions");
                }

                float[] values = output.ToArray<float>();
                int channels = (int)shape[1];
                int positions = values.Length / ((int)shape[0] * channels);
                (double[] channelSums, long count) = sums.TryGetValue(tensor, out var found) ? found : (new double[channels], 0);
                for (int n = 0; n < shape[0]; n++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        double sum = 0;
                        int start = ((n * channels) + c) * positions;
                        for (int p = 0; p < positions; p++)
                        {
                            sum += values[start + p];
                        }

                        channelSums[c] += sum;
                    }
                }

                sums[tensor] = (channelSums, count + (shape[0] * positions));
            }
        }

        foreach ((string tensor, (double[] channelSums, long count)) in sums)
        {
            means[tensor] = [.. channelSums.Select(s => s / count)];
        }

        return means;
    }
}
