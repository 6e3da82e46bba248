using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;

namespace EdgeMer.Quantization.Tests;

/// <summary>
/// A node a recipe keeps float between INT8 nodes runs in float in ONNX Runtime. ONNX Runtime 1.31's
/// WeightBiasQuantization optimizer quantizes the float weight of any Conv or Gemm that reads a
/// DequantizeLinear of one scale (per tensor, symmetric INT8) and its QDQ fusion then runs the node as
/// QLinearConv; the quantizer gives such a node a DequantizeLinear of the same values per channel, and
/// the check reads back the graph ONNX Runtime optimised and names a node that still does not run float.
/// </summary>
public sealed class KeptFloatTests
{
    private const string KeepDepthwise = """{ "op": "DepthwiseConv", "reason": "test" }""";

    private static readonly FloatNode[] s_depthwise = [new("depthwise", "DepthwiseConv", "test")];

    [Fact]
    public void A_depthwise_convolution_kept_float_between_int8_ones_reads_the_same_values_dequantized_per_channel()
    {
        OnnxModel quantized = Quantize(TinyModels.DenseDepthwiseDense(), KeepDepthwise);
        OnnxGraph graph = quantized.Graph;

        NodeProto depthwise = graph.FindNode("depthwise")!;
        Assert.Equal("dw", depthwise.Input[1]);
        NodeProto dequantize = graph.FindProducer(depthwise.Input[0])!;
        Assert.Equal("DequantizeLinear", dequantize.OpType);
        Assert.Equal(1, dequantize.GetInt("axis", -1));
        Assert.Equal(Enumerable.Repeat(0.02f, 8), OnnxTensors.ToFloats(graph.FindInitializer(dequantize.Input[1])!));
        Assert.Equal(Enumerable.Repeat(0, 8), OnnxTensors.ToUInt8s(graph.FindInitializer(dequantize.Input[2])!).Select(v => (int)v));
        // The INT8 convolution after it reads the per-tensor form, so ONNX Runtime still fuses it.
        NodeProto next = graph.FindProducer(graph.FindNode("pointwise")!.Input[0])!;
        Assert.Equal(-1, next.GetInt("axis", -1));
        Assert.Empty(graph.FindInitializer(next.Input[1])!.Dims);
    }

    [Fact]
    public void Onnx_runtime_runs_the_kept_float_depthwise_convolution_in_float_and_the_others_as_qlinearconv()
    {
        OnnxModel quantized = Quantize(TinyModels.DenseDepthwiseDense(), KeepDepthwise);

        OnnxModel optimized = Optimized(quantized);

        Assert.Empty(KeptFloatCheck.Problems(TestRuntime.Environment, quantized.ToBytes(), "kept float", s_depthwise));
        string[] integer = [.. optimized.Graph.Nodes.Where(n => n.OpType == "QLinearConv").Select(n => n.Name)];
        Assert.Equal(2, integer.Length);
        Assert.DoesNotContain(integer, n => n.StartsWith("depthwise", StringComparison.Ordinal));
        // The depthwise weight is still the float tensor, in ONNX Runtime's blocked layout or as it was.
        Assert.DoesNotContain(optimized.Graph.Initializers, t => t.Name.StartsWith("depthwise_weight", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_names_a_kept_float_node_that_onnx_runtime_quantizes_per_tensor()
    {
        // The form the quantizer wrote before: the float depthwise convolution reads the per-tensor DequantizeLinear.
        OnnxModel quantized = Quantize(TinyModels.DenseDepthwiseDense(), KeepDepthwise);
        NodeProto dequantize = quantized.Graph.FindProducer(quantized.Graph.FindNode("depthwise")!.Input[0])!;
        dequantize.Input[1] = "r1_scale";
        dequantize.Input[2] = "r1_zero_point";
        dequantize.Attribute.Clear();

        IReadOnlyList<string> problems = KeptFloatCheck.Problems(TestRuntime.Environment, quantized.ToBytes(), "per tensor", s_depthwise);

        string problem = Assert.Single(problems);
        Assert.Contains("node 'depthwise' (DepthwiseConv) is kept float by the recipe, but ONNX Runtime runs it as com.microsoft:QLinearConv with one scale for its whole INT8 weight (per tensor)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_runtime_leaves_a_float_convolution_whose_output_no_quantizelinear_reads_float_even_after_a_per_tensor_dequantize()
    {
        OnnxModel quantized = Quantize(TinyModels.DepthwisePRelu(), KeepDepthwise);
        NodeProto dequantize = quantized.Graph.FindProducer(quantized.Graph.FindNode("depthwise")!.Input[0])!;
        dequantize.Input[1] = "r1_scale";
        dequantize.Input[2] = "r1_zero_point";
        dequantize.Attribute.Clear();

        Assert.Empty(KeptFloatCheck.Problems(TestRuntime.Environment, quantized.ToBytes(), "prelu after", s_depthwise));
        Assert.DoesNotContain(Optimized(quantized).Graph.Initializers, t => t.Name.StartsWith("depthwise_weight", StringComparison.Ordinal));
    }

    [Fact]
    public void A_depthwise_convolution_kept_float_behind_a_spatial_pad_runs_float_in_onnx_runtime()
    {
        OnnxModel quantized = Quantize(TinyModels.PadDepthwise(), KeepDepthwise);
        OnnxGraph graph = quantized.Graph;

        // The Pad reads the quantized activation dequantized per channel, not the per-tensor form ONNX
        // Runtime would fuse the Pad and the convolution onto and then quantize per tensor.
        NodeProto dequantize = graph.FindProducer(graph.FindNode("pad")!.Input[0])!;
        Assert.Equal("DequantizeLinear", dequantize.OpType);
        Assert.Equal(1, dequantize.GetInt("axis", -1));
        Assert.Equal(Enumerable.Repeat(0.02f, 8), OnnxTensors.ToFloats(graph.FindInitializer(dequantize.Input[1])!));
        Assert.Empty(KeptFloatCheck.Problems(TestRuntime.Environment, quantized.ToBytes(), "pad before", s_depthwise));
        OnnxModel optimized = Optimized(quantized);
        Assert.Equal(2, optimized.Graph.Nodes.Count(n => n.OpType == "QLinearConv"));
        Assert.DoesNotContain(optimized.Graph.Initializers, t => t.Name.StartsWith("depthwise_weight", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_names_a_kept_float_convolution_behind_a_pad_that_reads_the_per_tensor_dequantize()
    {
        // The form the quantizer wrote before: the Pad reads the per-tensor DequantizeLinear.
        OnnxModel quantized = Quantize(TinyModels.PadDepthwise(), KeepDepthwise);
        NodeProto dequantize = quantized.Graph.FindProducer(quantized.Graph.FindNode("pad")!.Input[0])!;
        dequantize.Input[1] = "r1_scale";
        dequantize.Input[2] = "r1_zero_point";
        dequantize.Attribute.Clear();

        string problem = Assert.Single(KeptFloatCheck.Problems(TestRuntime.Environment, quantized.ToBytes(), "pad before, per tensor", s_depthwise));

        Assert.Contains("node 'depthwise' (DepthwiseConv) is kept float by the recipe, but ONNX Runtime runs it as com.microsoft:QLinearConv", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kept_float_convolution_reading_one_quantized_channel_is_refused_naming_it()
    {
        OnnxModel model = TinyModels.OneChannelBetween();
        QuantizationPlan plan = QuantizationPlan.For(model, TinyModels.Recipe("one_channel", "\"Conv\"", """{ "node": "widen", "reason": "test" }"""));

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => QdqQuantizer.Quantize(model, plan, Parameters(plan)));

        Assert.Contains("node 'widen' (Conv) stays float", error.Message, StringComparison.Ordinal);
        Assert.Contains("has one channel", error.Message, StringComparison.Ordinal);
    }

    private static OnnxModel Quantize(OnnxModel model, string keepFloat)
    {
        QuantizationPlan plan = QuantizationPlan.For(model, TinyModels.Recipe(model.Graph.Name, "\"Conv\"", keepFloat));
        return QdqQuantizer.Quantize(model, plan, Parameters(plan));
    }

    /// <summary>Every activation on 0.02 steps from 0 (zero point 0), as after a ReLU.</summary>
    private static Dictionary<string, QuantizationParameters> Parameters(QuantizationPlan plan) =>
        plan.Activations.ToDictionary(a => a, _ => new QuantizationParameters(0.02f, 0));


    private static OnnxModel Optimized(OnnxModel model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemer-kept-float-{Guid.NewGuid():N}.onnx");
        try
        {
            var options = new InferenceSessionOptions { IntraOpThreads = 1, OptimizedModelPath = path };
            using (InferenceSession.Load(TestRuntime.Environment, model.ToBytes(), model.Graph.Name, options))
            {
            }

            return OnnxModel.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
