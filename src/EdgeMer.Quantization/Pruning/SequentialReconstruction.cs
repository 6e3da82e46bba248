using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// Corrects the dense convolutions that lose input channels one after another, in graph order, on
/// the model as pruned so far: for each, its original input x (all C channels, from the fp32 model)
/// is fitted by least squares from what the pruned model actually feeds it, x̃ (the kept K channels,
/// already changed by the layers pruned and corrected before it): x ≈ Zᵀ · [x̃; 1], the normal
/// equations over every position of the calibration inputs, with a small ridge. The convolution then
/// computes W · Zᵀ · [x̃; 1], i.e. W'[o, k, t] = Σ_c W[o, c, t] · Z[k, c] and b'[o] = b[o] + Σ_c Σ_t W[o, c, t] · Z[K, c],
/// so each layer also absorbs what the earlier ones got wrong.
/// </summary>
public static class SequentialReconstruction
{
    public static OnnxModel Prune(InferenceEnvironment environment, ChannelGroups analysis, IReadOnlyDictionary<int, bool[]> keep, IReadOnlyDictionary<string, double[]>? inputMeans, IReadOnlyList<InputCase> calibration)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(keep);
        ArgumentNullException.ThrowIfNull(calibration);
        var replaced = new Dictionary<string, (float[] Weights, float[] Bias)>(StringComparer.Ordinal);
        foreach (NodeProto conv in analysis.Model.Graph.TopologicalOrder())
        {
            if (conv.OpType != "Conv" || conv.GetInt("group", 1) != 1 || KeptInputs(analysis, keep, conv.Input[0]) is not { } kept)
            {
                continue;
            }

            OnnxModel current = ChannelPruner.Prune(analysis, keep, inputMeans, null, replaced);
            (double[] a, double[] b, int k, int c) = CrossMoments(environment, analysis.Model, current, conv.Input[0], calibration);
            if (Solve(a, b, k + 1, c) is { } z)
            {
                replaced[conv.Name] = Fold(analysis.Model.Graph, conv, kept, z, k);
            }
        }

        return ChannelPruner.Prune(analysis, keep, inputMeans, null, replaced);
    }

    /// <summary>Which input channels of the tensor stay; null when none is removed.</summary>
    private static bool[]? KeptInputs(ChannelGroups analysis, IReadOnlyDictionary<int, bool[]> keep, string tensor)
    {
        if (analysis.Layout(tensor) is not { } layout)
        {
            return null;
        }

        var mask = new bool[layout.Length];
        bool removed = false;
        for (int i = 0; i < layout.Length; i++)
        {
            mask[i] = !keep.TryGetValue(layout[i].Group, out bool[]? groupMask) || groupMask[layout[i].Channel];
            removed |= !mask[i];
        }

        return removed ? mask : null;
    }

    /// <summary>E[[x̃; 1][x̃; 1]ᵀ] ((K+1)², row-major) and E[[x̃; 1] xᵀ] ((K+1) × C) over the positions of the calibration inputs.</summary>
    private static (double[] A, double[] B, int K, int C) CrossMoments(InferenceEnvironment environment, OnnxModel original, OnnxModel pruned, string tensor, IReadOnlyList<InputCase> inputs)
    {
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        using InferenceSession originalSession = InferenceSession.Load(environment, WithOutput(original, tensor), original.Graph.Name + " (reconstruction, fp32)", options);
        using InferenceSession prunedSession = InferenceSession.Load(environment, WithOutput(pruned, tensor), original.Graph.Name + " (reconstruction, pruned)", options);
        double[]? a = null;
        double[]? b = null;
        int k = 0;
        int c = 0;
        long count = 0;
        foreach (InputCase input in inputs)
        {
            InferenceOutput full = SessionRuns.Find(SessionRuns.Run(originalSession, input), tensor, originalSession.ModelName);
            InferenceOutput kept = SessionRuns.Find(SessionRuns.Run(prunedSession, input), tensor, prunedSession.ModelName);
            c = (int)full.Shape[1];
            k = (int)kept.Shape[1];
            int n = k + 1;
            a ??= new double[n * n];
            b ??= new double[n * c];
            float[] x = full.ToArray<float>();
            float[] y = kept.ToArray<float>();
            int images = (int)full.Shape[0];
            int positions = x.Length / (images * c);
            var row = new double[n];
            var target = new double[c];
            for (int image = 0; image < images; image++)
            {
                for (int p = 0; p < positions; p++)
                {
                    for (int i = 0; i < k; i++)
                    {
                        row[i] = y[(((image * k) + i) * positions) + p];
                    }

                    row[k] = 1;
                    for (int j = 0; j < c; j++)
                    {
                        target[j] = x[(((image * c) + j) * positions) + p];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        double ri = row[i];
                        if (ri == 0)
                        {
                            continue;
                        }

                        for (int j = i; j < n; j++)
                        {
                            a[(i * n) + j] += ri * row[j];
                        }

                        for (int j = 0; j < c; j++)
                        {
                            b[(i * c) + j] += ri * target[j];
                        }
                    }
                }
            }

            count += (long)images * positions;
        }

        int size = k + 1;
        for (int i = 0; i < size; i++)
        {
            for (int j = i; j < size; j++)
            {
                a![(i * size) + j] /= count;
                a[(j * size) + i] = a[(i * size) + j];
            }

            for (int j = 0; j < c; j++)
            {
                b![(i * c) + j] /= count;
            }
        }

        return (a!, b!, k, c);
    }

    /// <summary>Z = (A + ridge)⁻¹ B by Cholesky, the ridge on the channels' diagonal only; null when A is not positive definite.</summary>
    private static double[]? Solve(double[] a, double[] b, int n, int columns)
    {
        double trace = 0;
        for (int i = 0; i < n - 1; i++)
        {
            trace += a[(i * n) + i];
        }

        double ridge = 1e-3 * Math.Max(trace / Math.Max(n - 1, 1), 1e-9);
        for (int i = 0; i < n - 1; i++)
        {
            a[(i * n) + i] += ridge;
        }

        if (!CholeskySolver.Factor(a, n))
        {
            return null;
        }

        var z = new double[n * columns];
        var column = new double[n];
        for (int s = 0; s < columns; s++)
        {
            for (int i = 0; i < n; i++)
            {
                column[i] = b[(i * columns) + s];
            }

            CholeskySolver.Solve(a, n, column);
            for (int i = 0; i < n; i++)
            {
                z[(i * columns) + s] = column[i];
            }
        }

        return z;
    }

    /// <summary>The convolution's weights and bias with x replaced by Zᵀ [x̃; 1], in its original shapes (removed input channels' weights 0).</summary>
    private static (float[] Weights, float[] Bias) Fold(OnnxGraph graph, NodeProto conv, bool[] kept, double[] z, int k)
    {
        TensorProto weight = graph.FindInitializer(conv.Input[1])!;
        float[] w = OnnxTensors.ToFloats(weight);
        int outputs = (int)weight.Dims[0];
        int inputs = (int)weight.Dims[1];
        int kernel = ChannelPruner.KernelSize(weight);
        float[] bias = conv.Input.Count > 2 && conv.Input[2].Length > 0 ? OnnxTensors.ToFloats(graph.FindInitializer(conv.Input[2])!) : new float[outputs];
        int[] keptIndex = [.. Enumerable.Range(0, inputs).Where(i => kept[i])];
        var folded = new float[w.Length];
        var newBias = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double constant = bias[o];
            for (int t = 0; t < kernel; t++)
            {
                for (int j = 0; j < k; j++)
                {
                    double sum = 0;
                    for (int c = 0; c < inputs; c++)
                    {
                        sum += w[(((o * inputs) + c) * kernel) + t] * z[(j * inputs) + c];
                    }

                    folded[(((o * inputs) + keptIndex[j]) * kernel) + t] = (float)sum;
                }

                for (int c = 0; c < inputs; c++)
                {
                    constant += w[(((o * inputs) + c) * kernel) + t] * z[(k * inputs) + c];
                }
            }

            newBias[o] = (float)constant;
        }

        return (folded, newBias);
    }

    private static byte[] WithOutput(OnnxModel model, string tensor)
    {
        OnnxModel copy = OnnxModel.FromBytes(model.ToBytes(), model.Graph.Name);
        if (copy.Graph.FindOutput(tensor) is null)
        {
            copy.Graph.AddOutput(tensor, TensorElementType.Float);
        }

        return copy.ToBytes();
    }
}
