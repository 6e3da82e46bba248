using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Pruning;

namespace EdgeMer.Quantization.Tests.Pruning;

/// <summary>
/// Fixing an input's value folds each If whose condition then becomes constant into the branch it
/// takes, nested Ifs included, renaming the branch's values where another graph of the model uses
/// the same names; an If on a real input stays. Checked by running the model before and after in
/// ONNX Runtime on the same inputs, and with Debian's onnx checker; the errors name the input or node.
/// </summary>
public sealed class FixedInputFoldingTests
{
    private const string Source = "test.prune.json";

    [Theory]
    [InlineData(16000L, true)]
    [InlineData(16000L, false)]
    [InlineData(8000L, true)]
    [InlineData(8000L, false)]
    public void Folding_for_a_fixed_rate_computes_what_the_model_computes_at_that_rate(long rate, bool flag)
    {
        OnnxModel model = RateModel();
        float[] before = Run(model, rate, flag);

        OnnxModel folded = Folded(rate);

        Assert.Equal(before, Run(folded, rate, flag));
        // The rate stays an input the caller binds, and another value no longer changes the result.
        Assert.NotNull(folded.Graph.FindInput("rate"));
        Assert.Equal(before, Run(folded, rate == 16000 ? 8000 : 16000, flag));
        Assert.Empty(folded.FindProblems());
        ExternalProgramResult check = PruningModels.Check(folded);
        Assert.True(check.ExitCode == 0, check.StandardError);
    }

    [Fact]
    public void The_taken_branch_and_the_nested_if_it_decides_land_in_the_main_graph_and_the_if_on_a_real_input_stays()
    {
        var folded = new List<string>();
        OnnxModel model = RateModel();
        folded.AddRange(FixedInputFolding.Fold(model, new Dictionary<string, double> { ["rate"] = 16000 }, Source));

        Assert.Equal(
            [
                "If node 'by_rate': its condition is true, so its then_branch (7 nodes) replaces it",
                "If node 'by_width': its condition is true, so its then_branch (2 nodes) replaces it",
            ],
            folded);
        NodeProto[] nodes = [.. model.Graph.Nodes];
        Assert.DoesNotContain(nodes, n => n.Name is "by_rate" or "by_width");
        NodeProto flagIf = Assert.Single(nodes, n => n.OpType == "If");
        Assert.Equal("by_flag", flagIf.Name);
        // The 16 kHz branch's convolution, its weight now an initializer, is a node of the main graph.
        NodeProto conv = Assert.Single(nodes, n => n.OpType == "Conv");
        Assert.NotNull(model.Graph.FindInitializer(conv.Input[1]));
        // 'y2' (the nested branch's value) is also defined inside the If that stays, and 'e' by the
        // branch not taken: renamed in the main graph, and the If's subgraph reads the new name.
        Assert.DoesNotContain(nodes, n => n.Output.Contains("y2"));
        Assert.Contains(nodes, n => n.Output.Contains("y2_1"));
        Assert.DoesNotContain(nodes, n => n.Output.Contains("e"));
        Assert.Contains("e_1", OnnxGraph.SubgraphReads(flagIf));
        // The condition's computation is gone: nothing reads it any more.
        Assert.DoesNotContain(nodes, n => n.OpType is "Equal" or "Greater");
    }

    [Fact]
    public void Channel_pruning_follows_the_folded_convolution_but_not_into_the_if_that_stays()
    {
        OnnxModel model = Folded(16000);

        ChannelGroups analysis = ChannelGroups.Analyze(model);

        ChannelGroup group = Assert.Single(analysis.Groups);
        Assert.False(group.Prunable);
        Assert.Contains(group.Reasons, r => r.Contains("is read inside the subgraphs of If node 'by_flag'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_if_whose_condition_still_depends_on_a_real_input_stays_and_the_refusal_still_names_it()
    {
        // y = If(rate == 16000) { If(flag) { Conv(x, W) } else { Conv(x, 2W) } } else { x }: fixing
        // the rate brings the If on the flag, and its convolutions, into the main graph, no further.
        OnnxModel inner = PruningModels.ConvInsideIf();
        var model = new OnnxModel("rate_then_flag");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInput("flag", TensorElementType.Bool, []);
        graph.AddInput("rate", TensorElementType.Int64, []);
        graph.AddInitializer(OnnxTensors.FromInt64s("sixteen", [16000], []));
        graph.AddNode("Equal", ["rate", "sixteen"], ["is16"], "is_16k");
        GraphProto rate16 = Branch("rate16", [.. inner.Graph.Nodes], "y");
        GraphProto other = Branch("other", [Node("Identity", ["x"], ["same"], "same")], "same");
        graph.AddNode("If", ["is16"], ["y"], "by_rate", OnnxAttributes.Graph("then_branch", rate16), OnnxAttributes.Graph("else_branch", other));
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);

        FixedInputFolding.Fold(model, new Dictionary<string, double> { ["rate"] = 16000 }, Source);

        Assert.Equal("choose", Assert.Single(model.Graph.Nodes, n => n.OpType == "If").Name);
        Assert.Contains("its 2 Conv nodes are inside the subgraphs of If node 'choose'", ChannelGroups.Analyze(model).WhyNoGroups("rate_then_flag"), StringComparison.Ordinal);
        // Fixing only inputs that decide no If is an error saying so.
        var error = Assert.Throws<UnsupportedGraphException>(() => FixedInputFolding.Fold(model, new Dictionary<string, double> { ["rate"] = 8000 }, Source));
        Assert.Equal("test.prune.json: fixedInputs fix 'rate', but no If node's condition becomes constant from it; there is nothing to fold", error.Message);
    }

    [Fact]
    public void An_if_whose_condition_depends_on_the_fixed_input_through_an_operator_not_evaluated_is_an_error_naming_it()
    {
        OnnxModel model = RateModel();
        NodeProto equal = model.Graph.FindNode("is_16k")!;
        // sqrt(rate) > 100 instead of rate == 16000: Sqrt is not evaluated ahead of time.
        var cast = model.Graph.CreateNode("Cast", ["rate"], ["rate_float"], "rate_float", OnnxAttributes.Int("to", (long)TensorElementType.Float));
        var sqrt = model.Graph.CreateNode("Sqrt", ["rate_float"], ["root"], "root");
        model.Graph.InsertNodeBefore(equal, cast);
        model.Graph.InsertNodeBefore(equal, sqrt);
        model.Graph.AddInitializer(OnnxTensors.FromFloats("hundred", [100f], []));
        model.Graph.ReplaceNode(equal, model.Graph.CreateNode("Greater", ["root", "hundred"], ["is16"], "is_16k"));

        var error = Assert.Throws<UnsupportedGraphException>(() => FixedInputFolding.Fold(model, new Dictionary<string, double> { ["rate"] = 16000 }, Source));

        Assert.StartsWith("test.prune.json: If node 'by_rate' has a condition 'is16' that depends only on the fixed inputs and constants but does not become constant: Sqrt node 'root' is not evaluated ahead of time", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sample_rate", 16000.0, "test.prune.json: fixedInputs names input 'sample_rate', which the model does not have; its inputs: 'x', 'rate', 'flag'")]
    [InlineData("rate", 16000.5, "test.prune.json: fixedInputs gives input 'rate' the value 16000.5, but the input is Int64; give a whole number")]
    [InlineData("x", 1.0, "test.prune.json: fixedInputs names input 'x', whose shape [1, 2, 3, 3] is not that of a single value")]
    [InlineData("flag", 2.0, "test.prune.json: fixedInputs gives input 'flag' the value 2, but the input is Bool; give 0 or 1")]
    public void A_fixed_input_the_model_lacks_or_that_cannot_hold_the_value_is_an_error_naming_it(string input, double value, string message)
    {
        var error = Assert.Throws<UnsupportedGraphException>(() => FixedInputFolding.Fold(RateModel(), new Dictionary<string, double> { [input] = value }, Source));

        Assert.Equal(message, error.Message);
    }

    private static OnnxModel Folded(long rate)
    {
        OnnxModel model = RateModel();
        FixedInputFolding.Fold(model, new Dictionary<string, double> { ["rate"] = rate }, Source);
        return model;
    }

    /// <summary>
    /// y = If(rate == 16000) { c = Conv1x1(x); u = If(rate > 8000) { y2 = c · 2 } else { y2 = -c };
    /// e = relu(c); z = If(flag) { y2 = e + u } else { y2 = e - u } } else { e = x · 0.5; z = e },
    /// plus relu(x). The names 'e' and 'y2' are defined in more than one subgraph, as an exporter
    /// that names each branch alike writes them.
    /// </summary>
    private static OnnxModel RateModel()
    {
        var model = new OnnxModel("rate_model");
        OnnxGraph graph = model.Graph;
        graph.AddInput("x", TensorElementType.Float, [1, 2, 3, 3]);
        graph.AddInput("rate", TensorElementType.Int64, []);
        graph.AddInput("flag", TensorElementType.Bool, []);
        graph.AddNode("Constant", [], ["sixteen"], "sixteen", OnnxAttributes.Tensor("value", OnnxTensors.FromInt64s("sixteen", [16000], [])));
        graph.AddNode("Equal", ["rate", "sixteen"], ["is16"], "is_16k");

        GraphProto byWidthThen = Branch("wide", [Node("Constant", [], ["two"], "two", OnnxAttributes.Tensor("value", OnnxTensors.FromFloats("two", [2f], []))), Node("Mul", ["c", "two"], ["y2"], "double")], "y2");
        GraphProto byWidthElse = Branch("narrow", [Node("Neg", ["c"], ["y2"], "negate")], "y2");
        GraphProto byFlagThen = Branch("flag_then", [Node("Add", ["e", "u"], ["y2"], "plus")], "y2");
        GraphProto byFlagElse = Branch("flag_else", [Node("Sub", ["e", "u"], ["y2"], "minus")], "y2");
        GraphProto rate16 = Branch(
            "rate16",
            [
                Node("Constant", [], ["w"], "w", OnnxAttributes.Tensor("value", OnnxTensors.FromFloats("w", [1f, -0.5f, 0.25f, 2f], [2, 2, 1, 1]))),
                Node("Conv", ["x", "w"], ["c"], "conv", OnnxAttributes.Ints("kernel_shape", 1, 1)),
                Node("Constant", [], ["eight"], "eight", OnnxAttributes.Tensor("value", OnnxTensors.FromInt64s("eight", [8000], []))),
                Node("Greater", ["rate", "eight"], ["wide"], "is_wide"),
                Node("If", ["wide"], ["u"], "by_width", OnnxAttributes.Graph("then_branch", byWidthThen), OnnxAttributes.Graph("else_branch", byWidthElse)),
                Node("Relu", ["c"], ["e"], "relu"),
                Node("If", ["flag"], ["z"], "by_flag", OnnxAttributes.Graph("then_branch", byFlagThen), OnnxAttributes.Graph("else_branch", byFlagElse)),
            ],
            "z");
        GraphProto rate8 = Branch(
            "rate8",
            [
                Node("Constant", [], ["half"], "half", OnnxAttributes.Tensor("value", OnnxTensors.FromFloats("half", [0.5f], []))),
                Node("Mul", ["x", "half"], ["e"], "scale"),
            ],
            "e");
        graph.AddNode("If", ["is16"], ["chosen"], "by_rate", OnnxAttributes.Graph("then_branch", rate16), OnnxAttributes.Graph("else_branch", rate8));
        graph.AddNode("Relu", ["x"], ["r"], "relu");
        graph.AddNode("Add", ["chosen", "r"], ["y"], "sum");
        graph.AddOutput("y", TensorElementType.Float, [1, 2, 3, 3]);
        return model;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, string name, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static GraphProto Branch(string name, NodeProto[] nodes, string output)
    {
        var graph = new GraphProto { Name = name };
        graph.Node.AddRange(nodes);
        graph.Output.Add(new ValueInfoProto
        {
            Name = output,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float } },
        });
        return graph;
    }

    private static float[] Run(OnnxModel model, long rate, bool flag)
    {
        using InferenceSession session = InferenceSession.Load(TestRuntime.Environment, model.ToBytes(), model.Graph.Name);
        using PinnedTensor<float> x = PinnedTensor.FromArray(PruningModels.Input, PruningModels.InputShape);
        using PinnedTensor<long> rateTensor = PinnedTensor.FromArray(new[] { rate }, []);
        using PinnedTensor<bool> flagTensor = PinnedTensor.FromArray(new[] { flag }, []);
        foreach (InferenceOutput result in session.Run(new Dictionary<string, PinnedTensor> { ["x"] = x, ["rate"] = rateTensor, ["flag"] = flagTensor }))
        {
            if (result.Name == "y")
            {
                return result.ToArray<float>();
            }
        }

        throw new InvalidOperationException("no output y");
    }
}
