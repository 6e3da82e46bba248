using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;

namespace EdgeMer.Quantization.Reports;

/// <summary>What a model file's bytes hold: INT8 weights, float values, other constants, and the rest (graph structure and names).</summary>
public sealed record FileComposition(long Int8Weights, long FloatValues, long OtherValues, long Structure)
{
    public static FileComposition Of(byte[] bytes)
    {
        OnnxModel model = OnnxModel.FromBytes(bytes);
        long int8 = 0;
        long floats = 0;
        long other = 0;
        foreach (TensorProto tensor in Initializers(model.Graph.Proto))
        {
            long size = tensor.RawData.Length > 0 ? tensor.RawData.Length : tensor.CalculateSize();
            switch (OnnxTensors.ElementType(tensor))
            {
                case TensorElementType.Int8:
                    int8 += size;
                    break;
                case TensorElementType.Float:
                    floats += size;
                    break;
                default:
                    other += size;
                    break;
            }
        }

        return new FileComposition(int8, floats, other, bytes.Length - int8 - floats - other);
    }

    /// <summary>The initializers and Constant nodes' values of a graph and of its subgraphs (If, Loop, Scan), where exported models may keep their weights.</summary>
    private static IEnumerable<TensorProto> Initializers(GraphProto graph)
    {
        foreach (TensorProto tensor in graph.Initializer)
        {
            yield return tensor;
        }

        foreach (NodeProto node in graph.Node)
        {
            if (node.OpType == "Constant" && node.FindAttribute("value") is { T: { } value })
            {
                yield return value;
            }

            foreach (AttributeProto attribute in node.Attribute)
            {
                IEnumerable<GraphProto> subgraphs = attribute.G is { } one ? [one, .. attribute.Graphs] : attribute.Graphs;
                foreach (GraphProto subgraph in subgraphs)
                {
                    foreach (TensorProto tensor in Initializers(subgraph))
                    {
                        yield return tensor;
                    }
                }
            }
        }
    }
}
