using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;

namespace EdgeMer.Quantization.Dynamic;

/// <summary>
/// The value of a tensor an exported graph computes from constants alone, as PyTorch's LSTM export
/// computes ONNX's gate order from its own weights: Slice, Concat and Unsqueeze over initializers
/// and Constant nodes (of this graph or an enclosing one). Anything else is not folded, and the
/// error names the node that computes the tensor.
/// </summary>
internal static class ConstantFolding
{
    /// <summary>The float value and shape of <paramref name="name"/> in <paramref name="graph"/>; <paramref name="user"/> and <paramref name="role"/> name it in an error.</summary>
    public static (float[] Values, long[] Dims) Floats(GraphProto graph, string name, IReadOnlyDictionary<string, TensorProto> constants, NodeProto user, string role)
    {
        if (constants.TryGetValue(name, out TensorProto? tensor))
        {
            if (OnnxTensors.ElementType(tensor) != TensorElementType.Float)
            {
                throw new UnsupportedGraphException($"node '{user.Name}' ({user.OpType}): {role} '{name}' is {OnnxTensors.ElementType(tensor)}, not float32");
            }

            return (OnnxTensors.ToFloats(tensor), [.. tensor.Dims]);
        }

        NodeProto producer = graph.Node.FirstOrDefault(n => n.Output.Contains(name))
            ?? throw new UnsupportedGraphException($"node '{user.Name}' ({user.OpType}): {role} '{name}' is an input of the graph, not a constant, so it cannot be quantized ahead of time");
        switch (producer.OpType)
        {
            case "Unsqueeze" when producer.Input.Count == 2:
            {
                (float[] values, long[] dims) = Floats(graph, producer.Input[0], constants, user, role);
                long[] axes = Int64s(graph, producer.Input[1], constants, user, role);
                var result = new List<long>(dims);
                foreach (long axis in axes.Select(a => a < 0 ? a + dims.Length + axes.Length : a).Order())
                {
                    result.Insert((int)axis, 1);
                }

                return (values, [.. result]);
            }

            case "Concat":
            {
                var parts = producer.Input.Select(input => Floats(graph, input, constants, user, role)).ToList();
                long rank = parts[0].Dims.Length;
                long axis = producer.GetInt("axis", 0);
                axis = axis < 0 ? axis + rank : axis;
                long outer = 1;
                for (int d = 0; d < axis; d++)
                {
                    outer *= parts[0].Dims[d];
                }

                long[] dims = [.. parts[0].Dims];
                dims[axis] = parts.Sum(p => p.Dims[axis]);
                var values = new List<float>();
                for (long o = 0; o < outer; o++)
                {
                    foreach ((float[] part, long[] partDims) in parts)
                    {
                        long block = part.Length / outer;
                        values.AddRange(part.AsSpan((int)(o * block), (int)block).ToArray());
                    }
                }

                return ([.. values], dims);
            }

            case "Slice" when producer.Input.Count >= 3:
            {
                (float[] values, long[] dims) = Floats(graph, producer.Input[0], constants, user, role);
                long[] starts = Int64s(graph, producer.Input[1], constants, user, role);
                long[] ends = Int64s(graph, producer.Input[2], constants, user, role);
                long[] axes = producer.Input.Count > 3 && producer.Input[3].Length > 0 ? Int64s(graph, producer.Input[3], constants, user, role) : [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
                if (producer.Input.Count > 4 && producer.Input[4].Length > 0 && Int64s(graph, producer.Input[4], constants, user, role).Any(step => step != 1))
                {
                    break;
                }

                long[] from = new long[dims.Length];
                long[] to = [.. dims];
                for (int i = 0; i < axes.Length; i++)
                {
                    int axis = (int)(axes[i] < 0 ? axes[i] + dims.Length : axes[i]);
                    from[axis] = Math.Clamp(starts[i] < 0 ? starts[i] + dims[axis] : starts[i], 0, dims[axis]);
                    to[axis] = Math.Clamp(ends[i] < 0 ? ends[i] + dims[axis] : ends[i], from[axis], dims[axis]);
                }

                long[] resultDims = [.. to.Zip(from, (t, f) => t - f)];
                var result = new float[resultDims.Aggregate(1L, (a, b) => a * b)];
                long[] strides = new long[dims.Length];
                long stride = 1;
                for (int d = dims.Length - 1; d >= 0; d--)
                {
                    strides[d] = stride;
                    stride *= dims[d];
                }

                long[] index = new long[dims.Length];
                for (long k = 0; k < result.Length; k++)
                {
                    long rest = k;
                    long source = 0;
                    for (int d = dims.Length - 1; d >= 0; d--)
                    {
                        index[d] = rest % resultDims[d];
                        rest /= resultDims[d];
                        source += (index[d] + from[d]) * strides[d];
                    }

                    result[k] = values[source];
                }

                return (result, resultDims);
            }

            case "Identity":
                return Floats(graph, producer.Input[0], constants, user, role);
        }

        throw new UnsupportedGraphException($"node '{user.Name}' ({user.OpType}): {role} '{name}' is computed by {producer.OpType} node '{producer.Name}', which is not folded into a constant (Slice, Concat, Unsqueeze and Identity of constants are), so it cannot be quantized ahead of time");
    }

    private static long[] Int64s(GraphProto graph, string name, IReadOnlyDictionary<string, TensorProto> constants, NodeProto user, string role)
    {
        if (constants.TryGetValue(name, out TensorProto? tensor) && OnnxTensors.ElementType(tensor) == TensorElementType.Int64)
        {
            return OnnxTensors.ToInt64s(tensor);
        }

        throw new UnsupportedGraphException($"node '{user.Name}' ({user.OpType}): {role} is computed with '{name}', which is not a constant int64 tensor, so it cannot be folded");
    }
}
