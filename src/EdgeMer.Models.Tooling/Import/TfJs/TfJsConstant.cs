using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>A weight of the model, dequantized: float32, int32 or bool values and their TensorFlow shape.</summary>
internal sealed class TfJsConstant
{
    public TfJsConstant(TensorElementType type, long[] dims, float[]? floats, int[]? ints, bool[]? bools)
    {
        Type = type;
        Dims = dims;
        Floats = floats;
        Ints = ints;
        Bools = bools;
    }

    public TensorElementType Type { get; }

    public long[] Dims { get; }

    public float[]? Floats { get; }

    public int[]? Ints { get; }

    public bool[]? Bools { get; }

    /// <summary>The values as int64 (for axes, shapes, paddings); an error naming the model file and node for float weights.</summary>
    public long[] ToInt64s(string source, string nodeName)
    {
        if (Ints is null)
        {
            throw new TfJsImportException($"{source}: node '{nodeName}' needs an integer constant here, but the constant is {Type}");
        }

        long[] values = new long[Ints.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Ints[i];
        }

        return values;
    }
}
