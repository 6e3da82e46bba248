using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Pruning;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests.Pruning;

/// <summary>
/// Small float models for the pruning tests, built with EdgeMer.Onnx over x [1, 2, 3, 3]. In each,
/// some output channels of the first convolutions have all-zero weights: their L1 norm is the
/// smallest, so they are the ones pruned, and (bias 0, or a constant bias the correction folds
/// away) removing them leaves the model's output unchanged.
/// </summary>
internal static class PruningModels
{
    public static readonly long[] InputShape = [1, 2, 3, 3];

    /// <summary>Nine pixels of two channels, arbitrary but fixed, with negative values so ReLU matters.</summary>
    public static readonly float[] Input =
    [
        0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f, 3f, 0f, -2f,
        1f, 0.5f, -0.5f, 2.5f, -1.5f, 0.75f, -3f, 1.25f, 0f,
    ];

    /// <summary>
    /// conv1 (1x1, 4 channels) → relu → conv2 (1x1, 2 channels) → y. conv1's channels 1 and 3 have
    /// zero weights; channel 1's bias is <paramref name="constantBias"/> (a constant activation after
    /// ReLU), channel 3's is 0.
    /// </summary>
    public static OnnxModel Chain(float constantBias = 0f)
    {
        var model = new OnnxModel("chain");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("w1", [1f, -0.5f, 0f, 0f, 0.75f, 2f, 0f, 0f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("b1", [0.1f, constantBias, -0.2f, 0f], [4]));
        graph.AddInitializer(OnnxTensors.FromFloats("w2", [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], [2, 4, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("b2", [0.5f, -0.5f], [2]));
        graph.AddNode("Conv", ["x", "w1", "b1"], ["c1"], "conv1", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["c1"], ["r1"], "relu1");
        graph.AddNode("Conv", ["r1", "w2", "b2"], ["y"], "conv2", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);
        return model;
    }

    /// <summary>
    /// conv1 (1x1, 4 channels; channels 0 and 2 zero) → relu → depthwise 3x3 (group 4, padded, no
    /// bias) → per-channel Mul [1, 4, 1, 1] → pointwise conv (1x1, 3 channels) → y.
    /// </summary>
    public static OnnxModel DepthwiseSeparable()
    {
        var model = new OnnxModel("depthwise_separable");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("w1", [0f, 0f, 1f, 0.5f, 0f, 0f, -1f, 2f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("b1", [0f, 0.3f, 0f, 0.1f], [4]));
        graph.AddInitializer(OnnxTensors.FromFloats("dw", [.. Enumerable.Range(0, 36).Select(i => ((i % 7) - 3) * 0.25f)], [4, 1, 3, 3]));
        graph.AddInitializer(OnnxTensors.FromFloats("scale", [1.5f, 2f, 0.5f, -1f], [1, 4, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("pw", [.. Enumerable.Range(0, 12).Select(i => (i - 5) * 0.5f)], [3, 4, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("pb", [0.2f, 0f, -0.2f], [3]));
        graph.AddNode("Conv", ["x", "w1", "b1"], ["c1"], "conv1", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["c1"], ["r1"], "relu1");
        graph.AddNode("Conv", ["r1", "dw"], ["d"], "depthwise", OnnxAttributes.Ints("kernel_shape", 3, 3), OnnxAttributes.Ints("pads", 1, 1, 1, 1), OnnxAttributes.Int("group", 4));
        graph.AddNode("Mul", ["d", "scale"], ["m"], "scale");
        graph.AddNode("Conv", ["m", "pw", "pb"], ["y"], "pointwise", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 3, 3, 3]);
        return model;
    }

    /// <summary>
    /// The depthwise-separable chain with its padding as a node of its own, as converted TensorFlow
    /// models have it: conv1 (1x1, 4 channels; channels 0 and 2 zero) → relu → Pad (one pixel on each
    /// side) → depthwise 3x3
    /// (group 4, unpadded) → pointwise conv (1x1, 3 channels) → y.
    /// </summary>
    public static OnnxModel PaddedDepthwise()
    {
        var model = new OnnxModel("padded_depthwise");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("w1", [0f, 0f, 1f, 0.5f, 0f, 0f, -1f, 2f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("b1", [0f, 0.3f, 0f, 0.1f], [4]));
        graph.AddInitializer(OnnxTensors.FromInt64s("pads", [0, 0, 1, 1, 0, 0, 1, 1], [8]));
        graph.AddInitializer(OnnxTensors.FromFloats("dw", [.. Enumerable.Range(0, 36).Select(i => ((i % 7) - 3) * 0.25f)], [4, 1, 3, 3]));
        graph.AddInitializer(OnnxTensors.FromFloats("pw", [.. Enumerable.Range(0, 12).Select(i => (i - 5) * 0.5f)], [3, 4, 1, 1]));
        graph.AddNode("Conv", ["x", "w1", "b1"], ["c1"], "conv1", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Relu", ["c1"], ["r1"], "relu1");
        graph.AddNode("Pad", ["r1", "pads"], ["p"], "pad");
        graph.AddNode("Conv", ["p", "dw"], ["d"], "depthwise", OnnxAttributes.Ints("kernel_shape", 3, 3), OnnxAttributes.Int("group", 4));
        graph.AddNode("Conv", ["d", "pw"], ["y"], "pointwise", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 3, 3, 3]);
        return model;
    }

    /// <summary>
    /// conv1 (1x1, 4 channels) → Pad of two zero channels after the four (a shortcut widened as
    /// BlazeFace's and FaceMesh's are) → conv2 (1x1, 6 → 2 channels) → y.
    /// </summary>
    public static OnnxModel ChannelPadded()
    {
        var model = new OnnxModel("channel_padded");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("w1", [1f, -0.5f, 0f, 0f, 0.75f, 2f, 0f, 0f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromInt64s("pads", [0, 0, 0, 0, 0, 2, 0, 0], [8]));
        graph.AddInitializer(OnnxTensors.FromFloats("w2", [.. Enumerable.Range(0, 12).Select(i => (i - 5) * 0.5f)], [2, 6, 1, 1]));
        graph.AddNode("Conv", ["x", "w1"], ["c1"], "conv1", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Pad", ["c1", "pads"], ["p"], "pad");
        graph.AddNode("Conv", ["p", "w2"], ["y"], "conv2", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);
        return model;
    }

    /// <summary>
    /// convA and convB (1x1, 4 channels each) → Add → relu → conv3 (1x1, 2 channels) → y. Channel 1
    /// is zero in both convA and convB; channel 2 only in convA, while convB's channel 2 is its strongest.
    /// </summary>
    public static OnnxModel AddJoin()
    {
        var model = new OnnxModel("add_join");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("wa", [1f, 1f, 0f, 0f, 0f, 0f, 2f, -1f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("wb", [0.5f, -1f, 0f, 0f, 3f, 3f, 1f, 1f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("w3", [1f, 2f, 3f, 4f, -1f, -2f, -3f, -4f], [2, 4, 1, 1]));
        graph.AddNode("Conv", ["x", "wa"], ["a"], "convA", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Conv", ["x", "wb"], ["b"], "convB", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Add", ["a", "b"], ["s"], "join");
        graph.AddNode("Relu", ["s"], ["r"], "relu");
        graph.AddNode("Conv", ["r", "w3"], ["y"], "conv3", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);
        return model;
    }

    /// <summary>
    /// convA (1x1, 2 channels; channel 0 zero) and convB (1x1, 4 channels; channels 1 and 2 zero) →
    /// Concat on channels (6) → relu → conv3 (1x1, 2 channels) → y.
    /// </summary>
    public static OnnxModel ConcatJoin()
    {
        var model = new OnnxModel("concat_join");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("wa", [0f, 0f, 1f, -2f], [2, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("wb", [1f, 0.5f, 0f, 0f, 0f, 0f, -1f, 1f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("w3", [.. Enumerable.Range(0, 12).Select(i => (i - 6) * 0.5f)], [2, 6, 1, 1]));
        graph.AddNode("Conv", ["x", "wa"], ["a"], "convA", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Conv", ["x", "wb"], ["b"], "convB", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Concat", ["a", "b"], ["c"], "join", OnnxAttributes.Int("axis", 1));
        graph.AddNode("Relu", ["c"], ["r"], "relu");
        graph.AddNode("Conv", ["r", "w3"], ["y"], "conv3", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);
        return model;
    }

    /// <summary>
    /// conv1 (1x1, 3 channels) → conv2 (3x3, padded, 2 channels) → y, linear throughout: conv1's
    /// channel 2 is exactly 2 · channel 0 - channel 1 + 1, so it can be rebuilt from the other two.
    /// </summary>
    public static OnnxModel LinearlyDependent()
    {
        var model = new OnnxModel("linearly_dependent");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("w1", [1f, -0.5f, 0.25f, 2f, 1.75f, -3f], [3, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromFloats("b1", [0.5f, -1f, 3f], [3]));
        graph.AddInitializer(OnnxTensors.FromFloats("w2", [.. Enumerable.Range(0, 54).Select(i => ((i % 5) - 2) * 0.3f)], [2, 3, 3, 3]));
        graph.AddInitializer(OnnxTensors.FromFloats("b2", [0.1f, -0.1f], [2]));
        graph.AddNode("Conv", ["x", "w1", "b1"], ["c1"], "conv1", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Conv", ["c1", "w2", "b2"], ["y"], "conv2", OnnxAttributes.Ints("kernel_shape", 3, 3), OnnxAttributes.Ints("pads", 1, 1, 1, 1));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);
        return model;
    }

    /// <summary>conv1 (1x1, 4 channels) → Reshape to [1, 36] → y: conv1's channels reach a Reshape, which pruning does not follow.</summary>
    public static OnnxModel ConvThenReshape()
    {
        var model = new OnnxModel("conv_reshape");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInitializer(OnnxTensors.FromFloats("w1", [1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f], [4, 2, 1, 1]));
        graph.AddInitializer(OnnxTensors.FromInt64s("shape", [1, 36], [2]));
        graph.AddNode("Conv", ["x", "w1"], ["c1"], "conv1", OnnxAttributes.Ints("kernel_shape", 1, 1));
        graph.AddNode("Reshape", ["c1", "shape"], ["y"], "flatten");
        graph.AddOutput("y", TensorElementType.Float, [1, 36]);
        return model;
    }

    /// <summary>
    /// y = If(flag, then: Conv1x1(x, W), else: Conv1x1(x, 2W)), each branch's W a Constant node: its
    /// convolutions live only inside the If's branches, as in Silero VAD.
    /// </summary>
    public static OnnxModel ConvInsideIf()
    {
        var model = new OnnxModel("conv_inside_if");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInput("flag", TensorElementType.Bool, []);
        GraphProto Branch(string prefix, float factor)
        {
            var branch = new GraphProto { Name = prefix + "_branch" };
            var constant = new NodeProto { OpType = "Constant", Name = prefix + "_W" };
            constant.Output.Add(prefix + "_W_value");
            constant.Attribute.Add(OnnxAttributes.Tensor("value", OnnxTensors.FromFloats(prefix + "_W_tensor", [factor, 0f, 0f, factor], [2, 2, 1, 1])));
            var conv = new NodeProto { OpType = "Conv", Name = prefix + "_conv" };
            conv.Input.Add("x");
            conv.Input.Add(prefix + "_W_value");
            conv.Output.Add(prefix + "_y");
            branch.Node.Add(constant);
            branch.Node.Add(conv);
            var output = new ValueInfoProto { Name = prefix + "_y" };
            output.Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float } };
            branch.Output.Add(output);
            return branch;
        }

        graph.AddNode("If", ["flag"], ["y"], "choose", OnnxAttributes.Graph("then_branch", Branch("then", 1f)), OnnxAttributes.Graph("else_branch", Branch("else", 2f)));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);
        return model;
    }

    /// <summary>The masks that keep <paramref name="channels"/> channels of every prunable group, chosen by L1 norm.</summary>
    public static Dictionary<int, bool[]> KeepStrongest(ChannelGroups analysis, Func<ChannelGroup, int> channels)
    {
        var masks = new Dictionary<int, bool[]>();
        foreach (ChannelGroup group in analysis.Groups)
        {
            if (group.Prunable)
            {
                masks[group.Index] = ChannelSelection.KeepHighest(ChannelSelection.Scores(analysis, group), channels(group));
            }
        }

        return masks;
    }

    public static float[] Run(OnnxModel model, float[]? input = null)
    {
        using InferenceSession session = InferenceSession.Load(TestRuntime.Environment, model.ToBytes(), model.Graph.Name);
        using PinnedTensor<float> tensor = PinnedTensor.FromArray(input ?? Input, InputShape);
        foreach (InferenceOutput result in session.Run(new Dictionary<string, PinnedTensor> { ["x"] = tensor }))
        {
            if (result.Name == "y")
            {
                return result.ToArray<float>();
            }
        }

        throw new InvalidOperationException("no output y");
    }

    /// <summary>What Debian's python3-onnx checker says of <paramref name="model"/> (full check, with shape inference).</summary>
    public static ExternalProgramResult Check(OnnxModel model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemer-pruned-{Guid.NewGuid():N}.onnx");
        try
        {
            model.Save(path);
            return ExternalProgram.Run(
                TestPrograms.DebianPython,
                ["-c", "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')", path],
                TimeSpan.FromMinutes(1));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
