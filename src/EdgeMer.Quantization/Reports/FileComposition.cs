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
        foreach (TensorProto tensor in model.Graph.Initializers)
        {
            long size = tensor.RawData.Length;
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
}
