using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>An ONNX model with one Identity node (float32 x to y), built at run time for overhead benchmarks.</summary>
internal static class IdentityModel
{
    public const string InputName = "x";
    public const string OutputName = "y";

    /// <summary>Writes the model for <paramref name="shape"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, IReadOnlyList<long> shape)
    {
        var dims = new TensorDim[shape.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = shape[i];
        }

        var model = new OnnxModel("identity");
        model.Graph.AddInput(InputName, TensorElementType.Float, dims);
        model.Graph.AddOutput(OutputName, TensorElementType.Float, dims);
        model.Graph.AddNode("Identity", [InputName], [OutputName]);
        model.Validate();
        model.Save(path);
    }
}
