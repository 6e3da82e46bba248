using EdgeMer.Onnx;
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

    public static QuantizationRecipe Recipe(string model, string ops, string keepFloat = "")
    {
        string json = $$"""
            { "model": "{{model}}", "description": "test", "ops": [{{ops}}],
              "calibration": { "method": "minmax" }, "keepFloat": [{{keepFloat}}] }
            """;
        return QuantizationRecipe.Parse(System.Text.Encoding.UTF8.GetBytes(json), "test-recipe.json");
    }
}
