using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Inference.Tests;

/// <summary>Small ONNX models built with EdgeMer.Onnx, with the constants the tests use to compute expected results.</summary>
public static class TestModels
{
    /// <summary>The MatMul model's right-hand matrix, 3x4, row-major.</summary>
    public static readonly float[] MatMulWeights = [0.5f, -1f, 2f, 0f, 1.5f, 0.25f, -0.5f, 3f, -2f, 1f, 0.75f, -1.25f];

    /// <summary>The Conv model's kernels, 2 output channels x 1 input channel x 3 x 3.</summary>
    public static readonly float[] ConvWeights =
    [
        0f, 1f, 0f, 1f, -4f, 1f, 0f, 1f, 0f,
        0.1f, 0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.7f, -0.8f, 0.9f,
    ];

    /// <summary>The Conv model's biases, one per output channel.</summary>
    public static readonly float[] ConvBias = [0.5f, -1f];

    /// <summary>The dynamic model's per-column scale.</summary>
    public static readonly float[] ColumnScale = [1f, -2f, 0.5f, 4f];

    /// <summary>c = a + b over float [2, 3].</summary>
    public static byte[] Add()
    {
        var model = new OnnxModel("add");
        model.Graph.AddInput("a", TensorElementType.Float, [2, 3]);
        model.Graph.AddInput("b", TensorElementType.Float, [2, 3]);
        model.Graph.AddOutput("c", TensorElementType.Float, [2, 3]);
        model.Graph.AddNode("Add", ["a", "b"], ["c"]);
        return Finish(model);
    }

    /// <summary>y = x · W with x float [2, 3] and W the constant <see cref="MatMulWeights"/> [3, 4].</summary>
    public static byte[] MatMul()
    {
        var model = new OnnxModel("matmul");
        model.Graph.AddInput("x", TensorElementType.Float, [2, 3]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("W", MatMulWeights, [3, 4]));
        model.Graph.AddOutput("y", TensorElementType.Float, [2, 4]);
        model.Graph.AddNode("MatMul", ["x", "W"], ["y"]);
        return Finish(model);
    }

    /// <summary>A 3x3 convolution, padding 1, stride 1: x float [1, 1, 5, 5] to y float [1, 2, 5, 5].</summary>
    public static byte[] Conv()
    {
        var model = new OnnxModel("conv");
        model.Graph.AddInput("x", TensorElementType.Float, [1, 1, 5, 5]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("W", ConvWeights, [2, 1, 3, 3]));
        model.Graph.AddInitializer(OnnxTensors.FromFloats("B", ConvBias, [2]));
        model.Graph.AddOutput("y", TensorElementType.Float, [1, 2, 5, 5]);
        model.Graph.AddNode("Conv", ["x", "W", "B"], ["y"], null,
            OnnxAttributes.Ints("kernel_shape", 3, 3),
            OnnxAttributes.Ints("pads", 1, 1, 1, 1),
            OnnxAttributes.Ints("strides", 1, 1));
        return Finish(model);
    }

    /// <summary>y = x * <see cref="ColumnScale"/> with x float ["batch", 4]: the batch size is chosen per run.</summary>
    public static byte[] ScaleColumns()
    {
        var model = new OnnxModel("scale-columns");
        model.Graph.AddInput("x", TensorElementType.Float, ["batch", 4]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("scale", ColumnScale, [4]));
        model.Graph.AddOutput("y", TensorElementType.Float, ["batch", 4]);
        model.Graph.AddNode("Mul", ["x", "scale"], ["y"]);
        return Finish(model);
    }

    /// <summary>
    /// Two inputs of different kinds: image float ["batch", 3, "height", "width"] averaged over its
    /// spatial axes to pooled float ["batch", 3], and ids int64 [?, 5] cast to float.
    /// </summary>
    public static byte[] Mixed()
    {
        var model = new OnnxModel("mixed");
        model.Graph.AddInput("image", TensorElementType.Float, ["batch", 3, "height", "width"]);
        model.Graph.AddInput("ids", TensorElementType.Int64, [TensorDim.Unknown, 5]);
        model.Graph.AddOutput("pooled", TensorElementType.Float, ["batch", 3]);
        model.Graph.AddOutput("ids_as_float", TensorElementType.Float, [TensorDim.Unknown, 5]);
        model.Graph.AddNode("ReduceMean", ["image"], ["pooled"], null, OnnxAttributes.Ints("axes", 2, 3), OnnxAttributes.Int("keepdims", 0));
        model.Graph.AddNode("Cast", ["ids"], ["ids_as_float"], null, OnnxAttributes.Int("to", (long)TensorElementType.Float));
        return Finish(model);
    }

    /// <summary>Writes <paramref name="model"/> to a new file in <paramref name="folder"/> and returns its path.</summary>
    public static string Save(byte[] model, string folder, string fileName)
    {
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, model);
        return path;
    }

    private static byte[] Finish(OnnxModel model)
    {
        model.Validate();
        return model.ToBytes();
    }
}
