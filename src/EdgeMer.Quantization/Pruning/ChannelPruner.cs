using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// The graph surgery of channel pruning: given which channels of each <see cref="ChannelGroup"/> to
/// keep, removes the others from the convolutions that write them (weights and bias), from every
/// per-channel operator they pass (depthwise convolutions, whose group shrinks with them,
/// BatchNormalization, per-channel Mul/Add/PRelu constants) and from the input channels of the
/// dense convolutions that read them. With the per-channel means of a dense convolution's input
/// (observed on calibration inputs), the removed channels' mean contribution is folded into that
/// convolution's bias: b'[o] = b[o] + Σ over removed i of mean[i] · Σ W[o, i, :, :]. With their
/// second moments as well, the removed channels are instead reconstructed from the kept ones by least
/// squares at every position (x_R ≈ P · x_K + q, the normal equations solved with a small ridge), and
/// that folded into the convolution: W'[o, K] = W[o, K] + W[o, R] · P per kernel tap, b' = b + Σ W[o, R] · q.
/// The mean correction is the case P = 0.
/// </summary>
public static class ChannelPruner
{
    /// <summary>The taps of one filter of a convolution's weights [C_out, C_in / group, k...] (1-D, 2-D or 3-D).</summary>
    internal static int KernelSize(TensorProto weight)
    {
        long taps = 1;
        for (int d = 2; d < weight.Dims.Count; d++)
        {
            taps *= weight.Dims[d];
        }

        return (int)taps;
    }

    /// <param name="keep">Per group index, which of its channels to keep; a group not listed is kept whole.</param>
    /// <param name="inputMeans">Per dense convolution's input tensor, the mean of each channel; null for no bias correction.</param>
    /// <param name="inputMoments">Per dense convolution's input tensor, its channel moments with products, to reconstruct the removed channels from the kept ones; null for none.</param>
    /// <param name="replaced">Per dense convolution (by node name), weights and bias to use instead of its own, in its original shapes (the removed input channels' weights are ignored); no correction is applied to them.</param>
    public static OnnxModel Prune(
        ChannelGroups analysis,
        IReadOnlyDictionary<int, bool[]> keep,
        IReadOnlyDictionary<string, double[]>? inputMeans,
        IReadOnlyDictionary<string, ChannelMoments>? inputMoments = null,
        IReadOnlyDictionary<string, (float[] Weights, float[] Bias)>? replaced = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(keep);
        foreach ((int index, bool[] mask) in keep)
        {
            ChannelGroup group = analysis.Groups[index];
            if (mask.Length != group.Channels)
            {
                throw new ArgumentException($"group {index} ({string.Join(", ", group.Convolutions)}) has {group.Channels} channels, not {mask.Length}");
            }

            if (!group.Prunable && Array.IndexOf(mask, false) >= 0)
            {
                throw new ArgumentException($"group {index} ({string.Join(", ", group.Convolutions)}) cannot be pruned: {string.Join("; ", group.Reasons)}");
            }

            if (Array.IndexOf(mask, true) < 0)
            {
                throw new ArgumentException($"group {index} ({string.Join(", ", group.Convolutions)}) would keep no channel");
            }
        }

        OnnxModel model = OnnxModel.FromBytes(analysis.Model.ToBytes(), analysis.Model.Graph.Name);
        var surgery = new Surgery(model.Graph, analysis, keep, inputMoments, replaced);
        foreach (NodeProto node in model.Graph.Nodes.ToArray())
        {
            surgery.Apply(node, inputMeans);
        }

        surgery.Finish();
        return model;
    }

    private sealed class Surgery
    {
        private readonly OnnxGraph _graph;

        private readonly ChannelGroups _analysis;

        private readonly IReadOnlyDictionary<int, bool[]> _keep;

        private readonly IReadOnlyDictionary<string, ChannelMoments>? _moments;

        private readonly IReadOnlyDictionary<string, (float[] Weights, float[] Bias)>? _replaced;

        private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

        public Surgery(OnnxGraph graph, ChannelGroups analysis, IReadOnlyDictionary<int, bool[]> keep, IReadOnlyDictionary<string, ChannelMoments>? moments, IReadOnlyDictionary<string, (float[] Weights, float[] Bias)>? replaced)
        {
            _graph = graph;
            _analysis = analysis;
            _keep = keep;
            _moments = moments;
            _replaced = replaced;
        }

        public void Apply(NodeProto node, IReadOnlyDictionary<string, double[]>? inputMeans)
        {
            bool[]? inputMask = node.Input.Count > 0 ? Mask(node.Input[0]) : null;
            switch (node.OpType)
            {
                case "Conv":
                    Conv(node, inputMask, inputMeans);
                    break;
                case "BatchNormalization" when inputMask is not null:
                    for (int i = 1; i < node.Input.Count; i++)
                    {
                        Replace(node, i, Slice(_graph.FindInitializer(node.Input[i])!, 0, inputMask));
                    }

                    break;
                case "Add" or "Sub" or "Mul" or "Div" or "PRelu" or "Max" or "Min" when node.Input.Count == 2:
                    for (int i = 0; i < 2; i++)
                    {
                        bool[]? other = Mask(node.Input[1 - i]);
                        if (other is not null && _graph.FindInitializer(node.Input[i]) is { } constant && OnnxTensors.ElementCount(constant) > 1)
                        {
                            Replace(node, i, Slice(constant, constant.Dims.Count == 4 ? 1 : 0, other));
                        }
                    }

                    break;
            }

            foreach (string output in node.Output)
            {
                if (Mask(output) is not null)
                {
                    _changed.Add(output);
                }
            }
        }

        /// <summary>Removes the value infos of reshaped tensors (ONNX Runtime infers them again) and the initializers nothing reads any more.</summary>
        public void Finish()
        {
            for (int i = _graph.Proto.ValueInfo.Count - 1; i >= 0; i--)
            {
                if (_changed.Contains(_graph.Proto.ValueInfo[i].Name))
                {
                    _graph.Proto.ValueInfo.RemoveAt(i);
                }
            }

            HashSet<string> read = OnnxGraph.ReadNames(_graph.Proto);

            foreach (TensorProto tensor in _graph.Initializers.ToArray())
            {
                if (!read.Contains(tensor.Name))
                {
                    _graph.RemoveInitializer(tensor.Name);
                }
            }
        }

        private void Conv(NodeProto node, bool[]? inputMask, IReadOnlyDictionary<string, double[]>? inputMeans)
        {
            TensorProto? weight = _graph.FindInitializer(node.Input[1]);
            if (weight is null)
            {
                return;
            }

            long group = node.GetInt("group", 1);
            bool[]? outputMask = group == 1 ? Mask(node.Output[0]) : inputMask;
            bool[]? keptInputs = group == 1 ? inputMask : null;
            if (outputMask is null && keptInputs is null)
            {
                return;
            }

            float[] w = OnnxTensors.ToFloats(weight);
            int outputs = (int)weight.Dims[0];
            int inputs = (int)weight.Dims[1];
            int kernel = KernelSize(weight);
            TensorProto? biasTensor = node.Input.Count > 2 && node.Input[2].Length > 0 ? _graph.FindInitializer(node.Input[2]) : null;
            float[] bias = biasTensor is null ? new float[outputs] : OnnxTensors.ToFloats(biasTensor);
            bool biasChanged = false;
            if (_replaced is not null && _replaced.TryGetValue(node.Name, out var replacement))
            {
                w = replacement.Weights;
                bias = replacement.Bias;
                biasChanged = true;
            }
            else if (keptInputs is not null && _moments is not null && _moments.TryGetValue(node.Input[0], out ChannelMoments? moments) && moments.HasProducts
                && Reconstruct(w, bias, outputs, inputs, kernel, keptInputs, moments))
            {
                biasChanged = true;
            }
            else if (keptInputs is not null && inputMeans is not null && inputMeans.TryGetValue(node.Input[0], out double[]? means))
            {
                for (int o = 0; o < outputs; o++)
                {
                    double correction = 0;
                    for (int i = 0; i < inputs; i++)
                    {
                        if (keptInputs[i])
                        {
                            continue;
                        }

                        double sum = 0;
                        for (int k = 0; k < kernel; k++)
                        {
                            sum += w[(((o * inputs) + i) * kernel) + k];
                        }

                        correction += means[i] * sum;
                    }

                    bias[o] = (float)(bias[o] + correction);
                }

                biasChanged = true;
            }

            TensorProto sliced = Slice(OnnxTensors.FromFloats(weight.Name, w, [.. weight.Dims]), 0, outputMask);
            if (keptInputs is not null)
            {
                sliced = Slice(sliced, 1, keptInputs);
            }

            Replace(node, 1, sliced);
            if (biasTensor is not null || biasChanged)
            {
                TensorProto newBias = Slice(OnnxTensors.FromFloats(node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : node.Name + "_bias", bias, [outputs]), 0, outputMask);
                if (node.Input.Count > 2)
                {
                    Replace(node, 2, newBias);
                }
                else
                {
                    newBias.Name = _graph.UniqueName(newBias.Name);
                    _graph.AddInitializer(newBias);
                    node.Input.Add(newBias.Name);
                }
            }

            if (group > 1 && outputMask is not null)
            {
                node.SetAttribute(OnnxAttributes.Int("group", Count(outputMask)));
            }
        }

        /// <summary>
        /// Folds the least-squares reconstruction of the removed input channels into the kept weights
        /// and the bias (in place); false when the normal equations cannot be solved.
        /// </summary>
        private static bool Reconstruct(float[] w, float[] bias, int outputs, int inputs, int kernel, bool[] kept, ChannelMoments moments)
        {
            int[] k = [.. Enumerable.Range(0, inputs).Where(i => kept[i])];
            int[] r = [.. Enumerable.Range(0, inputs).Where(i => !kept[i])];
            int n = k.Length + 1;
            var a = new double[n * n];
            double trace = 0;
            for (int i = 0; i < k.Length; i++)
            {
                for (int j = 0; j < k.Length; j++)
                {
                    a[(i * n) + j] = moments.Product(k[i], k[j]);
                }

                a[(i * n) + k.Length] = a[(k.Length * n) + i] = moments.Mean(k[i]);
                trace += a[(i * n) + i];
            }

            a[(n * n) - 1] = 1;
            double ridge = 1e-3 * Math.Max(trace / Math.Max(k.Length, 1), 1e-9);
            for (int i = 0; i < k.Length; i++)
            {
                a[(i * n) + i] += ridge;
            }

            if (!CholeskySolver.Factor(a, n))
            {
                return false;
            }

            // z[:, s] solves A z = E[[x_K; 1] · x_R[s]]: rows 0..K-1 are P's row s, row K is q[s].
            var z = new double[n * r.Length];
            var column = new double[n];
            for (int s = 0; s < r.Length; s++)
            {
                for (int i = 0; i < k.Length; i++)
                {
                    column[i] = moments.Product(k[i], r[s]);
                }

                column[k.Length] = moments.Mean(r[s]);
                CholeskySolver.Solve(a, n, column);
                for (int i = 0; i < n; i++)
                {
                    z[(i * r.Length) + s] = column[i];
                }
            }

            for (int o = 0; o < outputs; o++)
            {
                double correction = 0;
                for (int t = 0; t < kernel; t++)
                {
                    for (int j = 0; j < k.Length; j++)
                    {
                        double add = 0;
                        for (int s = 0; s < r.Length; s++)
                        {
                            add += w[(((o * inputs) + r[s]) * kernel) + t] * z[(j * r.Length) + s];
                        }

                        w[(((o * inputs) + k[j]) * kernel) + t] = (float)(w[(((o * inputs) + k[j]) * kernel) + t] + add);
                    }

                    for (int s = 0; s < r.Length; s++)
                    {
                        correction += w[(((o * inputs) + r[s]) * kernel) + t] * z[(k.Length * r.Length) + s];
                    }
                }

                bias[o] = (float)(bias[o] + correction);
            }

            return true;
        }

        /// <summary>Which channels of <paramref name="tensor"/> stay; null when it has no prunable channels or keeps them all.</summary>
        private bool[]? Mask(string tensor)
        {
            if (_analysis.Layout(tensor) is not { } layout)
            {
                return null;
            }

            var mask = new bool[layout.Length];
            bool any = false;
            for (int i = 0; i < layout.Length; i++)
            {
                (int group, int channel) = layout[i];
                mask[i] = !_keep.TryGetValue(group, out bool[]? keep) || keep[channel];
                any |= !mask[i];
            }

            return any ? mask : null;
        }

        private void Replace(NodeProto node, int input, TensorProto tensor)
        {
            tensor.Name = _graph.UniqueName(node.Input[input] + "_pruned");
            _graph.AddInitializer(tensor);
            node.Input[input] = tensor.Name;
        }

        private static int Count(bool[] mask)
        {
            int count = 0;
            foreach (bool keep in mask)
            {
                count += keep ? 1 : 0;
            }

            return count;
        }

        /// <summary>A float tensor with only the positions of <paramref name="axis"/> that <paramref name="mask"/> keeps (all when null).</summary>
        private static TensorProto Slice(TensorProto tensor, int axis, bool[]? mask)
        {
            float[] values = OnnxTensors.ToFloats(tensor);
            long[] dims = [.. tensor.Dims];
            if (mask is null)
            {
                return OnnxTensors.FromFloats(tensor.Name, values, dims);
            }

            if (dims[axis] != mask.Length)
            {
                throw new InvalidOperationException($"tensor '{tensor.Name}' has {dims[axis]} positions on axis {axis}, but {mask.Length} channels are pruned there");
            }

            long outer = 1;
            for (int d = 0; d < axis; d++)
            {
                outer *= dims[d];
            }

            long inner = 1;
            for (int d = axis + 1; d < dims.Length; d++)
            {
                inner *= dims[d];
            }

            int kept = Count(mask);
            var result = new float[outer * kept * inner];
            long at = 0;
            for (long o = 0; o < outer; o++)
            {
                for (int c = 0; c < mask.Length; c++)
                {
                    if (mask[c])
                    {
                        Array.Copy(values, ((o * mask.Length) + c) * inner, result, at, inner);
                        at += inner;
                    }
                }
            }

            dims[axis] = kept;
            return OnnxTensors.FromFloats(tensor.Name, result, dims);
        }
    }
}
