using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx.Tests;

/// <summary>Small models built with the graph API, shaped like the ones EdgeMer's tools produce.</summary>
internal static class SampleModels
{
    /// <summary>y = a + b over [N, 3] floats (N symbolic).</summary>
    public static OnnxModel Add()
    {
        var model = new OnnxModel("add");
        model.Graph.AddInput("a", TensorElementType.Float, ["N", 3]);
        model.Graph.AddInput("b", TensorElementType.Float, ["N", 3]);
        model.Graph.AddNode("Add", ["a", "b"], ["y"], "add");
        model.Graph.AddOutput("y", TensorElementType.Float, ["N", 3]);
        return model;
    }

    /// <summary>A 3x3 convolution with bias and ReLU, an int64 reshape target and metadata: the importer's bread and butter.</summary>
    public static OnnxModel ConvRelu()
    {
        var model = new OnnxModel("conv_relu");
        OnnxGraph graph = model.Graph;
        graph.AddInput("image", TensorElementType.Float, ["batch", 2, 5, 5]);
        float[] weights = new float[4 * 2 * 3 * 3];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (i % 7) - 3;
        }

        graph.AddInitializer(OnnxTensors.FromFloats("conv.weight", weights, [4, 2, 3, 3]));
        graph.AddInitializer(OnnxTensors.FromFloats("conv.bias", [0.5f, -1f, 0f, 2f], [4]));
        graph.AddInitializer(OnnxTensors.FromInt64s("flat.shape", [0, -1], [2]));
        graph.AddNode(
            "Conv", ["image", "conv.weight", "conv.bias"], ["conv"], "conv",
            OnnxAttributes.Ints("kernel_shape", 3, 3),
            OnnxAttributes.Ints("pads", 1, 1, 1, 1),
            OnnxAttributes.Ints("strides", 1, 1),
            OnnxAttributes.Ints("dilations", 1, 1),
            OnnxAttributes.Int("group", 1));
        graph.AddNode("Relu", ["conv"], ["relu"], "relu");
        graph.AddNode("Reshape", ["relu", "flat.shape"], ["features"], "flatten");
        graph.AddNode("ReduceMax", ["features"], ["score"], "max", OnnxAttributes.Ints("axes", 1), OnnxAttributes.Int("keepdims", 0));
        graph.AddOutput("features", TensorElementType.Float, ["batch", 100]);
        graph.AddOutput("score", TensorElementType.Float, ["batch"]);
        model.SetMetadata("edgemer.source", "tests");
        model.DocString = "A convolution for the tests.";
        return model;
    }

    /// <summary>A node list with the given op types chained a -> b -> ..., all in the default domain.</summary>
    public static OnnxModel Chain(params string[] names)
    {
        var model = new OnnxModel("chain");
        model.Graph.AddInput("x", TensorElementType.Float, [1]);
        string previous = "x";
        foreach (string name in names)
        {
            model.Graph.AddNode("Relu", [previous], [name + "_out"], name);
            previous = name + "_out";
        }

        model.Graph.AddOutput(previous, TensorElementType.Float, [1]);
        return model;
    }

    public static NodeProto Node(OnnxModel model, string name) =>
        model.Graph.FindNode(name) ?? throw new InvalidOperationException($"no node {name}");
}
