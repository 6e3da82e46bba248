using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Tests;

/// <summary>Small float models built with EdgeMer.Onnx for the quantizer's tests, and recipes for them.</summary>
internal static class TinyModels
{
    /// <summary>
    /// y = Identity(Relu(Conv1x1(x))) over x [1, 2, 2, 2]: weights [[0.5, -1.27], [2.54, 1.0]] (exactly
    /// 50 and -127 steps of 0.01, 127 and 50 steps of 0.02), bias [0.3, -0.1].
    /// </summary>
    public static OnnxModel ConvRelu(long opset = OnnxModel.DefaultOpsetVersion)
    {
        var model = new OnnxModel("conv_relu", opset);
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 2, 2]);
        graph.AddInitializer(OnnxTensors.FromFloats("w", [0.5f, -1.27f, 2.54f, 1.0f], [2, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("b", [0.3f, -0.1f], [2]));
        graph.AddNode("Conv", ["x", "w", "b"], ["conv_out"], "conv", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["conv_out"], ["relu_out"], "relu");
        graph.AddNode("Identity", ["relu_out"], ["y"], "identity");
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 2, 2]);
        return model;
    }

    /// <summary>A depthwise 1x1 convolution (group 2) then a dense 1x1 one, over x [1, 2, 2, 2].</summary>
    public static OnnxModel DepthwiseThenDense()
    {
        var model = new OnnxModel("depthwise_dense");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 2, 2]);
        graph.AddInitializer(OnnxTensors.FromFloats("dw", [0.5f, -0.25f], [2, 1, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("pw", [1f, 2f, -1f, 0.5f], [2, 2, 1, 1]));
        graph.AddNode("Conv", ["x", "dw"], ["dw_out"], "depthwise", OnnxAttributes.Ints("kernel_shape", 1, 1), OnnxAttributes.Int("group", 2));
        graph.AddNode("Conv", ["dw_out", "pw"], ["y"], "pointwise", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 2, 2]);
        return model;
    }

    /// <summary>
    /// A depthwise-separable block between dense convolutions, over x [1, 8, 6, 6]: dense1 (1x1, 8
    /// channels) → ReLU (r1) → depthwise 3x3 (padded) → pointwise (1x1, 8 channels) → ReLU → Identity → y.
    /// </summary>
    public static OnnxModel DenseDepthwiseDense()
    {
        var model = new OnnxModel("dense_depthwise_dense");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 8, 6, 6]);
        graph.AddInitializer(OnnxTensors.FromFloats("w1", Steps(64, 0.05f), [8, 8, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("dw", Steps(72, 0.1f), [8, 1, 3, 3]));
        graph.AddInitializer(OnnxTensors.FromFloats("db", Steps(8, 0.2f), [8]));
        graph.AddInitializer(OnnxTensors.FromFloats("pw", Steps(64, 0.04f), [8, 8, 1, 1]));
        graph.AddNode("Conv", ["x", "w1"], ["c1"], "dense1", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["c1"], ["r1"], "relu1");
        graph.AddNode("Conv", ["r1", "dw", "db"], ["d"], "depthwise", OnnxAttributes.Ints("kernel_shape", 3, 3), OnnxAttributes.Ints("pads", 1, 1, 1, 1), OnnxAttributes.Int("group", 8));
        graph.AddNode("Conv", ["d", "pw"], ["c2"], "pointwise", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["c2"], ["r2"], "relu2");
        graph.AddNode("Identity", ["r2"], ["y"], "identity");
        graph.AddOutput("y", TensorElementType.Float, [1, 8, 6, 6]);
        return model;
    }

    /// <summary>
    /// As <see cref="DenseDepthwiseDense"/> with a PReLU (one slope per channel) between the depthwise
    /// convolution and the pointwise one, as FaceMesh and Iris have: no QuantizeLinear reads the
    /// depthwise output.
    /// </summary>
    public static OnnxModel DepthwisePRelu()
    {
        OnnxModel model = DenseDepthwiseDense();
        OnnxGraph graph = model.Graph;
        graph.AddInitializer(OnnxTensors.FromFloats("slope", Steps(8, 0.1f), [8, 1, 1]));
        graph.FindNode("depthwise")!.Output[0] = "d_conv";
        graph.InsertNodeBefore(graph.FindNode("pointwise")!, graph.CreateNode("PRelu", ["d_conv", "slope"], ["d"], "prelu"));
        return model;
    }

    /// <summary>
    /// As <see cref="DenseDepthwiseDense"/> with the depthwise convolution's padding taken out into a
    /// Pad of the spatial axes before it (pads input [0, 0, 1, 1, 0, 0, 1, 1]), as the stride-2
    /// depthwise convolutions of BlazePose read their input.
    /// </summary>
    public static OnnxModel PadDepthwise()
    {
        OnnxModel model = DenseDepthwiseDense();
        OnnxGraph graph = model.Graph;
        graph.AddInitializer(OnnxTensors.FromInt64s("pads", [0, 0, 1, 1, 0, 0, 1, 1], [8]));
        NodeProto depthwise = graph.FindNode("depthwise")!;
        depthwise.Input[0] = "r1_padded";
        depthwise.Attribute.Remove(depthwise.FindAttribute("pads")!);
        graph.InsertNodeBefore(depthwise, graph.CreateNode("Pad", ["r1", "pads"], ["r1_padded"], "pad", OnnxAttributes.String("mode", "constant")));
        return model;
    }

    /// <summary>x [1, 2, 2, 2] → squeeze (1x1, 2 → 1 channel) → ReLU → widen (1x1, 1 → 2 channels) → ReLU → Identity → y.</summary>
    public static OnnxModel OneChannelBetween()
    {
        var model = new OnnxModel("one_channel");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 2, 2]);
        graph.AddInitializer(OnnxTensors.FromFloats("ws", [0.5f, 1f], [1, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("ww", [1f, -2f], [2, 1, 1, 1]));
        graph.AddNode("Conv", ["x", "ws"], ["s"], "squeeze", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["s"], ["rs"], "relu1");
        graph.AddNode("Conv", ["rs", "ww"], ["w"], "widen", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["w"], ["rw"], "relu2");
        graph.AddNode("Identity", ["rw"], ["y"], "identity");
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 2, 2]);
        return model;
    }

    /// <summary>y = x · B for x [1, 2] and B [2, 3].</summary>
    public static OnnxModel MatMul()
    {
        var model = new OnnxModel("matmul");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2]);
        graph.AddInitializer(OnnxTensors.FromFloats("B", [1.5f, 0.6f, -0.254f, 2f, -1f, 0.1f], [2, 3]));
        graph.AddNode("MatMul", ["x", "B"], ["mm"], "matmul");
        graph.AddNode("Identity", ["mm"], ["y"], "identity");
        graph.AddOutput("y", TensorElementType.Float, [1, 3]);
        return model;
    }

    /// <summary>Values -step·(n/2) .. step·(n/2 - 1) in a fixed scattered order (i·7 mod n), so no two neighbours are alike.</summary>
    private static float[] Steps(int n, float step) => [.. Enumerable.Range(0, n).Select(i => ((i * 7 % n) - (n / 2)) * step)];

    public static QuantizationRecipe Recipe(string model, string ops, string keepFloat = "")
    {
        string json = $$"""
            { "model": "{{model}}", "description": "test", "ops": [{{ops}}],
              "calibration": { "method": "minmax" }, "keepFloat": [{{keepFloat}}] }
            """;
        return QuantizationRecipe.Parse(System.Text.Encoding.UTF8.GetBytes(json), "test-recipe.json");
    }
}
