using System.Text;
using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Dynamic;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests;

/// <summary>
/// Dynamic quantization of tiny models built here: the INT8 weights hold the hand-computed values,
/// ONNX Runtime runs the rewritten graph (DynamicQuantizeLinear, MatMulInteger or ConvInteger) and
/// gives the hand-worked integer results rescaled, EdgeMer's validator and Debian's python3-onnx
/// accept it, and recipes and graphs it cannot handle are refused naming the key or node and why.
/// </summary>
public sealed class DynamicQuantizationTests
{
    // TinyModels.MatMul's B = [[1.5, 0.6, -0.254], [2, -1, 0.1]]: its columns' largest magnitudes are
    // 2, 1 and 0.254, so the symmetric scales are 2/127, 1/127 and 0.254/127 = 0.002, and B becomes
    // [[round(95.25), round(76.2), -127], [127, -127, 50]] = [[95, 76, -127], [127, -127, 50]].
    private static readonly int[] s_weights = [95, 76, -127, 127, -127, 50];

    private static readonly float[] s_weightScales = [2f / 127, 1f / 127, 0.254f / 127];

    // x = [1, -0.5]: DynamicQuantizeLinear's range holds 0, so it is -0.5..1, scale 1.5/255, zero
    // point round(0.5 / (1.5/255)) = 85, x quantized [255, 0], i.e. [170, -85] steps from the zero point.
    // MatMulInteger: 170·95 - 85·127 = 5355; 170·76 + 85·127 = 23715; -170·127 - 85·50 = -25840.
    private static readonly float[] s_input = [1f, -0.5f];

    private static readonly int[] s_integerProducts = [5355, 23715, -25840];

    private const float InputScale = 1.5f / 255;

    [Fact]
    public void A_matmul_weight_is_stored_as_int8_per_column_with_zero_point_0()
    {
        OnnxGraph graph = Quantize(TinyModels.MatMul(), "matmul").Graph;

        Assert.Null(graph.FindInitializer("B"));
        Assert.Equal(s_weights, OnnxTensors.ToInt8s(graph.FindInitializer("matmul_weight_quantized")!).Select(v => (int)v));
        float[] scales = OnnxTensors.ToFloats(graph.FindInitializer("matmul_weight_scale")!);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(s_weightScales[i], scales[i], 7);
        }

        Assert.Equal([0], OnnxTensors.ToInt8s(graph.FindInitializer("matmul_weight_zero_point")!).Select(v => (int)v));
        Assert.Equal(["DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul", "Mul", "Identity"], graph.Nodes.Select(n => n.OpType));
    }

    [Fact]
    public void Onnx_runtime_computes_the_hand_worked_matmul()
    {
        float[] y = Run(Quantize(TinyModels.MatMul(), "matmul"), s_input, [1, 2]);

        for (int n = 0; n < 3; n++)
        {
            Assert.Equal(s_integerProducts[n] * InputScale * s_weightScales[n], y[n], 5);
        }
    }

    [Fact]
    public void A_gemm_with_transposed_weight_alpha_and_beta_gives_the_same_integer_products_scaled()
    {
        // The same B stored transposed ([3, 2], transB = 1), alpha 2, beta 0.5, C [0.4, -1, 2].
        var model = new OnnxModel("gemm");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2]);
        graph.AddInitializer(OnnxTensors.FromFloats("B", [1.5f, 2f, 0.6f, -1f, -0.254f, 0.1f], [3, 2]));
        graph.AddInitializer(OnnxTensors.FromFloats("C", [0.4f, -1f, 2f], [3]));
        graph.AddNode("Gemm", ["x", "B", "C"], ["y"], "gemm", OnnxAttributes.Int("transB", 1), OnnxAttributes.Float("alpha", 2f), OnnxAttributes.Float("beta", 0.5f));
        graph.AddOutput("y", TensorElementType.Float, [1, 3]);
        float[] bias = [0.4f, -1f, 2f];

        OnnxModel quantized = Quantize(model, "gemm");
        float[] y = Run(quantized, s_input, [1, 2]);

        Assert.Equal(s_weights, OnnxTensors.ToInt8s(quantized.Graph.FindInitializer("gemm_weight_quantized")!).Select(v => (int)v));
        for (int n = 0; n < 3; n++)
        {
            Assert.Equal((2 * s_integerProducts[n] * InputScale * s_weightScales[n]) + (0.5f * bias[n]), y[n], 5);
        }
    }

    [Fact]
    public void A_convolution_runs_as_conv_integer_within_one_step_of_the_float_result()
    {
        // ConvRelu's weights [[0.5, -1.27], [2.54, 1]] are exactly 50 and -127 steps of 0.01, 127 and 50
        // of 0.02; an input of whole 0.01 steps over 0..2.55 quantizes exactly (scale 0.01, zero point 0),
        // so the integer convolution is exact and the result equals the float one up to float rounding.
        OnnxModel quantized = Quantize(TinyModels.ConvRelu(), "conv_relu", "\"Conv\"");
        float[] x = [0f, 2.55f, 1.02f, 0.51f, 0.51f, 0f, 2.55f, 1.02f];

        float[] y = Run(quantized, x, [1, 2, 2, 2]);

        Assert.Contains(quantized.Graph.Nodes, n => n.OpType == "ConvInteger");
        for (int p = 0; p < 4; p++)
        {
            float a = x[p], b = x[4 + p];
            Assert.Equal(Math.Max(0f, (0.5f * a) - (1.27f * b) + 0.3f), y[p], 4);
            Assert.Equal(Math.Max(0f, (2.54f * a) + b - 0.1f), y[4 + p], 4);
        }
    }

    [Fact]
    public void Nodes_inside_if_branches_are_quantized_too()
    {
        OnnxModel model = MatMulInsideIf();

        DynamicPlan plan = DynamicQuantizer.Plan(model, DynamicRecipe("branches", "\"MatMul\""));
        OnnxModel quantized = DynamicQuantizer.Quantize(model, plan);

        Assert.Equal(["then_matmul", "else_matmul"], plan.Quantized.Select(n => n.Name));
        Assert.Empty(quantized.FindProblems());
        GraphProto thenBranch = quantized.Graph.FindNode("choose")!.FindAttribute("then_branch")!.G;
        Assert.Contains(thenBranch.Node, n => n.OpType == "MatMulInteger");
        Assert.DoesNotContain(thenBranch.Node, n => n.OpType == "Constant");
        float[] y = Run(quantized, s_input, [1, 2]);
        for (int n = 0; n < 3; n++)
        {
            Assert.Equal(s_integerProducts[n] * InputScale * s_weightScales[n], y[n], 5);
        }
    }

    [Fact]
    public void Debians_onnx_checker_accepts_the_dynamically_quantized_models()
    {
        foreach (OnnxModel quantized in (OnnxModel[])[Quantize(TinyModels.MatMul(), "matmul"), Quantize(TinyModels.ConvRelu(), "conv_relu", "\"Conv\"")])
        {
            string path = Path.Combine(Path.GetTempPath(), $"edgemer-dynamic-{Guid.NewGuid():N}.onnx");
            try
            {
                quantized.Save(path);

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
    }

    [Fact]
    public void The_same_model_and_plan_give_the_same_bytes()
    {
        Assert.Equal(Quantize(TinyModels.MatMul(), "matmul").ToBytes(), Quantize(TinyModels.MatMul(), "matmul").ToBytes());
    }

    [Fact]
    public void A_node_kept_float_by_name_stays_float()
    {
        QuantizationRecipe recipe = DynamicRecipe("matmul", "\"MatMul\"", """{ "node": "matmul", "reason": "r" }""");

        DynamicPlan plan = DynamicQuantizer.Plan(TinyModels.MatMul(), recipe);

        Assert.Empty(plan.Quantized);
        Assert.Equal(new FloatNode("matmul", "MatMul", "r"), Assert.Single(plan.KeptFloat));
    }

    [Theory]
    [InlineData("""{ "model": "m", "description": "d", "mode": "dynamic", "ops": ["MatMul"], "calibration": { "method": "minmax" } }""", "'calibration' does not apply with \"mode\": \"dynamic\"")]
    [InlineData("""{ "model": "m", "description": "d", "mode": "dynamic", "ops": ["Add"] }""", "ops[0] is 'Add'; allowed: Conv, Gemm, MatMul, LSTM")]
    [InlineData("""{ "model": "m", "description": "d", "mode": "qat", "ops": ["MatMul"] }""", "'mode' is 'qat'; allowed: static, dynamic")]
    [InlineData("""{ "model": "m", "description": "d", "mode": 1, "ops": ["MatMul"] }""", "'mode' must be a string, not a number")]
    public void A_malformed_dynamic_recipe_is_refused_naming_the_key(string json, string expected)
    {
        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => QuantizationRecipe.Parse(Encoding.UTF8.GetBytes(json), "quantization/recipe.json"));

        Assert.Contains("quantization/recipe.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dynamic_recipe_reads_without_calibration()
    {
        QuantizationRecipe recipe = DynamicRecipe("m", "\"Conv\", \"MatMul\"");

        Assert.Equal(QuantizationMode.Dynamic, recipe.Mode);
        Assert.Equal(["Conv", "MatMul"], recipe.Ops);
    }

    [Fact]
    public void A_matmul_whose_weight_is_computed_is_refused_naming_the_node_and_why()
    {
        var model = new OnnxModel("computed");
        model.Graph.AddInput("x", TensorElementType.Float, [1, 2]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("B_t", [1f, 2f, 3f, 4f, 5f, 6f], [3, 2]));
        model.Graph.AddNode("Transpose", ["B_t"], ["B"], "transpose");
        model.Graph.AddNode("MatMul", ["x", "B"], ["y"], "matmul_of_computed_weight");
        model.Graph.AddOutput("y", TensorElementType.Float, [1, 3]);

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => DynamicQuantizer.Plan(model, DynamicRecipe("computed", "\"MatMul\"")));

        Assert.Contains("node 'matmul_of_computed_weight' (MatMul): weight 'B' is computed in the graph, not a constant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gemm_with_transposed_activation_is_refused_naming_the_node()
    {
        var model = new OnnxModel("gemm_transa");
        model.Graph.AddInput("x", TensorElementType.Float, [2, 1]);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("B", [1f, 2f, 3f, 4f, 5f, 6f], [2, 3]));
        model.Graph.AddNode("Gemm", ["x", "B"], ["y"], "gemm_a", OnnxAttributes.Int("transA", 1));
        model.Graph.AddOutput("y", TensorElementType.Float, [1, 3]);

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => DynamicQuantizer.Plan(model, DynamicRecipe("gemm_transa", "\"Gemm\"")));

        Assert.Contains("node 'gemm_a' (Gemm) has transA=1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dynamic_recipe_that_keeps_a_missing_node_float_names_it()
    {
        QuantizationRecipe recipe = DynamicRecipe("matmul", "\"MatMul\"", """{ "node": "matmul_9", "reason": "r" }""");

        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => DynamicQuantizer.Plan(TinyModels.MatMul(), recipe));

        Assert.Contains("keepFloat[0].node 'matmul_9' is not a node of model 'matmul' or of its subgraphs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_below_opset_11_is_refused()
    {
        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => DynamicQuantizer.Plan(TinyModels.ConvRelu(opset: 10), DynamicRecipe("conv_relu", "\"Conv\"")));

        Assert.Contains("opset 10; DynamicQuantizeLinear needs opset 11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_lstm_whose_weights_are_reordered_from_constants_becomes_dynamic_quantize_lstm_close_to_the_float_one()
    {
        OnnxModel model = ReorderedLstm();

        OnnxModel quantized = Quantize(model, "lstm", "\"LSTM\"");
        float[] x = [0.5f, -1f, 1f, 0.25f, -0.5f, 0.75f];
        float[] expected = Run(model, x, [3, 1, 2]);
        float[] actual = Run(quantized, x, [3, 1, 2]);

        NodeProto lstm = Assert.Single(quantized.Graph.Nodes, n => n.OpType == "DynamicQuantizeLSTM");
        Assert.Equal("com.microsoft", lstm.Domain);
        Assert.DoesNotContain(quantized.Graph.Nodes, n => n.OpType is "Slice" or "Concat" or "Unsqueeze");
        Assert.Equal([1L, 2, 8], quantized.Graph.FindInitializer("lstm_W_quantized")!.Dims);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            // INT8 weights of 1/127 of each gate row's largest magnitude, inputs of 1/255 of their range: well within 0.02 after three steps.
            Assert.Equal(expected[i], actual[i], 0.02f);
        }
    }

    [Fact]
    public void The_reordered_lstm_weight_is_stored_transposed_with_one_scale_per_gate_row()
    {
        OnnxModel quantized = Quantize(ReorderedLstm(), "lstm", "\"LSTM\"");

        // ONNX's W after the reorder is rows 0-1, 6-7, 2-5 of the PyTorch weight; row k of it is
        // [k + 1, -(k + 1) / 2] in PyTorch order, so each gate row's scale is (k + 1) / 127 and its
        // values quantize to exactly 127 and -64 (-63.5 rounds to even).
        sbyte[] w = OnnxTensors.ToInt8s(quantized.Graph.FindInitializer("lstm_W_quantized")!);
        float[] scales = OnnxTensors.ToFloats(quantized.Graph.FindInitializer("lstm_W_scale")!);
        int[] order = [0, 1, 6, 7, 2, 3, 4, 5];
        for (int column = 0; column < 8; column++)
        {
            Assert.Equal((order[column] + 1) / 127f, scales[column], 6);
            Assert.Equal(127, w[column]);
            Assert.Equal(-64, w[8 + column]);
        }
    }

    [Fact]
    public void An_lstm_whose_weight_is_computed_by_an_operator_that_is_not_folded_is_refused_naming_it()
    {
        OnnxModel model = ReorderedLstm();
        NodeProto reorder = model.Graph.FindNode("reorder")!;
        reorder.OpType = "Sum";
        reorder.Attribute.Clear();

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => DynamicQuantizer.Plan(model, DynamicRecipe("lstm", "\"LSTM\"")));

        Assert.Contains("node 'lstm' (LSTM): W 'w_onnx' is computed by Sum node 'reorder', which is not folded into a constant", error.Message, StringComparison.Ordinal);
    }

    internal static QuantizationRecipe DynamicRecipe(string model, string ops, string keepFloat = "")
    {
        string json = $$"""
            { "model": "{{model}}", "description": "test", "mode": "dynamic", "ops": [{{ops}}], "keepFloat": [{{keepFloat}}] }
            """;
        return QuantizationRecipe.Parse(Encoding.UTF8.GetBytes(json), "test-recipe.json");
    }

    private static OnnxModel Quantize(OnnxModel model, string name, string ops = "\"MatMul\", \"Gemm\"")
    {
        OnnxModel quantized = DynamicQuantizer.Quantize(model, DynamicQuantizer.Plan(model, DynamicRecipe(name, ops)));
        Assert.Empty(quantized.FindProblems());
        return quantized;
    }

    /// <summary>
    /// An LSTM of hidden size 2 over x [3, 1, 2] whose W is computed as PyTorch's export computes it:
    /// Unsqueeze(Concat(Slice(w, 0:2), Slice(w, 6:8), Slice(w, 2:6))) of a constant w [8, 2] whose row k
    /// is [k + 1, -(k + 1) / 2]; R and B are plain initializers; y is its last hidden state.
    /// </summary>
    private static OnnxModel ReorderedLstm()
    {
        var model = new OnnxModel("lstm");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [3, 1, 2]);
        float[] torch = new float[16];
        for (int k = 0; k < 8; k++)
        {
            torch[2 * k] = k + 1;
            torch[(2 * k) + 1] = -(k + 1) / 2f;
        }

        graph.AddNode("Constant", [], ["w_torch"], "w_torch", OnnxAttributes.Tensor("value", OnnxTensors.FromFloats("w_torch_value", torch, [8, 2])));
        foreach ((string name, long start, long end) in ((string, long, long)[])[("input_gate", 0, 2), ("output_gate", 6, 8), ("forget_cell", 2, 6)])
        {
            graph.AddInitializer(OnnxTensors.FromInt64s(name + "_starts", [start], [1]));
            graph.AddInitializer(OnnxTensors.FromInt64s(name + "_ends", [end], [1]));
            graph.AddNode("Slice", ["w_torch", name + "_starts", name + "_ends"], [name], name + "_slice");
        }

        graph.AddNode("Concat", ["input_gate", "output_gate", "forget_cell"], ["w_onnx"], "reorder", OnnxAttributes.Int("axis", 0));
        graph.AddInitializer(OnnxTensors.FromInt64s("direction_axis", [0], [1]));
        graph.AddNode("Unsqueeze", ["w_onnx", "direction_axis"], ["W"], "add_direction");
        float[] r = new float[16];
        float[] b = new float[16];
        for (int i = 0; i < 16; i++)
        {
            r[i] = ((i % 5) - 2) * 0.1f;
            b[i] = ((i % 3) - 1) * 0.05f;
        }

        graph.AddInitializer(OnnxTensors.FromFloats("R", r, [1, 8, 2]));
        graph.AddInitializer(OnnxTensors.FromFloats("B", b, [1, 16]));
        graph.AddNode("LSTM", ["x", "W", "R", "B"], ["all_h", "y"], "lstm", OnnxAttributes.Int("hidden_size", 2));
        graph.AddOutput("y", TensorElementType.Float, [1, 1, 2]);
        return model;
    }

    /// <summary>y = If(true, then: x · B, else: x · 2B), each branch's B a Constant node, as converted recurrent models keep their weights.</summary>
    private static OnnxModel MatMulInsideIf()
    {
        var model = new OnnxModel("branches");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2]);
        graph.AddNode("Constant", [], ["use_then"], "condition", OnnxAttributes.Tensor("value", OnnxTensors.FromBools("condition_value", [true], [])));
        GraphProto Branch(string prefix, float factor)
        {
            var branch = new GraphProto { Name = prefix + "_branch" };
            float[] b = [1.5f * factor, 0.6f * factor, -0.254f * factor, 2f * factor, -1f * factor, 0.1f * factor];
            var constant = new NodeProto { OpType = "Constant", Name = prefix + "_B" };
            constant.Output.Add(prefix + "_B_value");
            constant.Attribute.Add(OnnxAttributes.Tensor("value", OnnxTensors.FromFloats(prefix + "_B_tensor", b, [2, 3])));
            var matmul = new NodeProto { OpType = "MatMul", Name = prefix + "_matmul" };
            matmul.Input.Add("x");
            matmul.Input.Add(prefix + "_B_value");
            matmul.Output.Add(prefix + "_y");
            branch.Node.Add(constant);
            branch.Node.Add(matmul);
            var output = new ValueInfoProto { Name = prefix + "_y" };
            output.Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float } };
            branch.Output.Add(output);
            return branch;
        }

        graph.AddNode("If", ["use_then"], ["y"], "choose", OnnxAttributes.Graph("then_branch", Branch("then", 1f)), OnnxAttributes.Graph("else_branch", Branch("else", 2f)));
        graph.AddOutput("y", TensorElementType.Float, [1, 3]);
        return model;
    }

    private static float[] Run(OnnxModel model, float[] values, long[] shape)
    {
        InferenceEnvironment environment = TestRuntime.Environment;
        using InferenceSession session = InferenceSession.Load(environment, model.ToBytes(), model.Graph.Name);
        using PinnedTensor<float> tensor = PinnedTensor.FromArray(values, shape);
        return session.Run(new Dictionary<string, PinnedTensor> { ["x"] = tensor }).Single(o => o.Name == "y").ToArray<float>();
    }
}
