using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests;

/// <summary>
/// The QDQ rewrite of tiny models: the INT8 initializers hold the hand-computed values, ONNX Runtime
/// runs the result and gives the hand-computed quantized outputs, Debian's python3-onnx accepts it.
/// </summary>
public sealed class QdqGraphTests
{
    private static readonly QuantizationParameters s_hundredths = new(0.01f, 0);

    [Fact]
    public void The_relu_after_a_convolution_is_folded_into_its_output()
    {
        QuantizationPlan plan = QuantizationPlan.For(TinyModels.ConvRelu(), TinyModels.Recipe("conv_relu", "\"Conv\""));

        QuantizedNode conv = Assert.Single(plan.Quantized);
        Assert.Equal("relu", conv.FoldedActivation);
        Assert.Equal("relu_out", conv.Output);
        Assert.Equal(["x", "relu_out"], plan.Activations);
    }

    [Fact]
    public void Weights_and_bias_are_stored_as_int8_and_int32_with_their_scales()
    {
        OnnxModel quantized = QuantizeConvRelu();
        OnnxGraph graph = quantized.Graph;

        Assert.Null(graph.FindInitializer("w"));
        Assert.Equal([50, -127, 127, 50], OnnxTensors.ToInt8s(graph.FindInitializer("conv_weight_quantized")!).Select(v => (int)v));
        float[] weightScales = OnnxTensors.ToFloats(graph.FindInitializer("conv_weight_scale")!);
        Assert.Equal(0.01f, weightScales[0], 6);
        Assert.Equal(0.02f, weightScales[1], 6);
        Assert.Equal([3000, -500], OnnxTensors.ToInt32s(graph.FindInitializer("conv_bias_quantized")!));
        Assert.Equal([0], OnnxTensors.ToUInt8s(graph.FindInitializer("relu_out_zero_point")!).Select(v => (int)v));
        NodeProto weightDequantize = graph.FindNode("conv_weight_DequantizeLinear")!;
        Assert.Equal(0, weightDequantize.GetInt("axis", -1));
    }

    [Fact]
    public void Onnx_runtime_computes_the_hand_worked_quantized_outputs()
    {
        OnnxModel quantized = QuantizeConvRelu();

        // NCHW: pixel p has channels (x[p], x[4 + p]). Channel 0 = relu(0.5 a - 1.27 b + 0.3), channel 1 =
        // relu(2.54 a + b - 0.1), each then rounded to the 0.01 steps of 0..2.55:
        // (1, 0.2) -> 0.546 -> 0.55 and 2.64 -> 2.55; (0.1, 1) -> -0.92 -> 0 and 1.154 -> 1.15;
        // (2, 0.3) -> 0.919 -> 0.92 and 5.28 -> 2.55; (0, 0) -> 0.3 and -0.1 -> 0.
        float[] y = Run(quantized, "x", [1f, 0.1f, 2f, 0f, 0.2f, 1f, 0.3f, 0f], [1, 2, 2, 2], "y");

        float[] expected = [0.55f, 0f, 0.92f, 0.30f, 2.55f, 1.15f, 2.55f, 0f];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], y[i], 5);
        }
    }

    [Fact]
    public void A_matmul_is_quantized_per_column_of_its_constant_operand()
    {
        OnnxModel model = TinyModels.MatMul();
        QuantizationPlan plan = QuantizationPlan.For(model, TinyModels.Recipe("matmul", "\"MatMul\""));
        var activations = new Dictionary<string, QuantizationParameters>
        {
            ["x"] = QuantizationMath.ActivationUInt8(-1.28f, 1.27f),
            ["mm"] = QuantizationMath.ActivationUInt8(-2.56f, 2.54f),
        };

        OnnxModel quantized = QdqQuantizer.Quantize(model, plan, activations);

        // B = [[1.5, 0.6, -0.254], [2, -1, 0.1]]; column scales 2/127, 1/127, 0.254/127 = 0.002:
        // 1.5 -> 95.25 -> 95, 0.6 -> 76.2 -> 76, -0.254 -> -127, 2 -> 127, -1 -> -127, 0.1 -> 50.
        sbyte[] weights = OnnxTensors.ToInt8s(quantized.Graph.FindInitializer("matmul_weight_quantized")!);
        Assert.Equal([95, 76, -127, 127, -127, 50], weights.Select(v => (int)v));
        Assert.Equal(1, quantized.Graph.FindNode("matmul_weight_DequantizeLinear")!.GetInt("axis", -1));

        // x = (0.5, 0.25) lies on x's 0.01 grid. On the quantized weights x·B is
        // ((47.5 + 31.75) * 2/127, (38 - 31.75) / 127, (-63.5 + 12.5) * 0.002) = (1.248, 0.0492, -0.102),
        // which y's 0.02 steps (zero point 128) round to (62, 2, -5) steps.
        float[] y = Run(quantized, "x", [0.5f, 0.25f], [1, 2], "y");
        Assert.Equal(1.24f, y[0], 5);
        Assert.Equal(0.04f, y[1], 5);
        Assert.Equal(-0.10f, y[2], 5);
    }

    [Fact]
    public void The_same_inputs_give_the_same_bytes()
    {
        Assert.Equal(QuantizeConvRelu().ToBytes(), QuantizeConvRelu().ToBytes());
    }

    [Fact]
    public void Debians_onnx_checker_accepts_the_quantized_model()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemer-qdq-{Guid.NewGuid():N}.onnx");
        try
        {
            QuantizeConvRelu().Save(path);

            ExternalProgramResult result = ExternalProgram.Run(
                TestPrograms.DebianPython,
                ["-c", "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')", path],
                TimeSpan.FromMinutes(1));

            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Equal("ok", result.StandardOutput.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static OnnxModel QuantizeConvRelu()
    {
        OnnxModel model = TinyModels.ConvRelu();
        QuantizationPlan plan = QuantizationPlan.For(model, TinyModels.Recipe("conv_relu", "\"Conv\""));
        return QdqQuantizer.Quantize(model, plan, new Dictionary<string, QuantizationParameters> { ["x"] = s_hundredths, ["relu_out"] = s_hundredths });
    }

    private static float[] Run(OnnxModel model, string input, float[] values, long[] shape, string output)
    {
        InferenceEnvironment environment = TestRuntime.Environment;
        using InferenceSession session = InferenceSession.Load(environment, model.ToBytes(), model.Graph.Name);
        using PinnedTensor<float> tensor = PinnedTensor.FromArray(values, shape);
        foreach (InferenceOutput result in session.Run(new Dictionary<string, PinnedTensor> { [input] = tensor }))
        {
            if (result.Name == output)
            {
                return result.ToArray<float>();
            }
        }

        throw new InvalidOperationException($"no output {output}");
    }
}
