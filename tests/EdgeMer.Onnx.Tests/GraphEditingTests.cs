using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx.Tests;

public sealed class GraphEditingTests
{
    [Fact]
    public void Nodes_initializers_producers_and_consumers_are_found_by_name()
    {
        OnnxModel model = SampleModels.ConvRelu();
        OnnxGraph graph = model.Graph;

        Assert.Equal("Conv", graph.FindNode("conv")!.OpType);
        Assert.Null(graph.FindNode("absent"));
        Assert.Equal([4L], graph.FindInitializer("conv.bias")!.Dims);
        Assert.Equal("relu", graph.FindProducer("relu")!.Name);
        Assert.Null(graph.FindProducer("image"));
        Assert.Equal("flatten", Assert.Single(graph.FindConsumers("relu")).Name);
        Assert.NotNull(graph.FindInput("image"));
        Assert.NotNull(graph.FindOutput("score"));
    }

    [Fact]
    public void A_node_inserted_between_producer_and_consumers_keeps_the_model_valid()
    {
        // What the quantization tool does: put QuantizeLinear/DequantizeLinear after a value.
        OnnxModel model = SampleModels.ConvRelu();
        OnnxGraph graph = model.Graph;
        NodeProto relu = graph.FindNode("relu")!;
        graph.AddInitializer(OnnxTensors.FromFloats("scale", [0.05f], []));
        graph.AddInitializer(OnnxTensors.FromUInt8s("zero", [0], []));
        NodeProto quantize = graph.CreateNode("QuantizeLinear", ["relu", "scale", "zero"], ["relu_q"], "relu_quantize");
        NodeProto dequantize = graph.CreateNode("DequantizeLinear", ["relu_q", "scale", "zero"], ["relu_dq"], "relu_dequantize");

        int redirected = graph.RedirectConsumers("relu", "relu_dq", quantize);
        graph.InsertNodeAfter(relu, quantize);
        graph.InsertNodeAfter(quantize, dequantize);

        Assert.Equal(1, redirected);
        Assert.Equal(["relu_dq", "flat.shape"], graph.FindNode("flatten")!.Input);
        Assert.Equal(["conv", "relu", "relu_quantize", "relu_dequantize", "flatten", "max"], Names(graph.Nodes));
        Assert.Empty(model.FindProblems());
    }

    [Fact]
    public void Replacing_a_node_puts_the_replacement_in_its_place()
    {
        OnnxModel model = SampleModels.Chain("a", "b", "c");
        OnnxGraph graph = model.Graph;
        NodeProto sigmoid = graph.CreateNode("Sigmoid", ["a_out"], ["b_out"], "b_sigmoid");

        graph.ReplaceNode(graph.FindNode("b")!, sigmoid);

        Assert.Equal(["a", "b_sigmoid", "c"], Names(graph.Nodes));
        Assert.Empty(model.FindProblems());
    }

    [Fact]
    public void Removing_a_node_and_rewiring_its_consumers_keeps_the_model_valid()
    {
        OnnxModel model = SampleModels.Chain("a", "b", "c");
        OnnxGraph graph = model.Graph;

        graph.RemoveNode(graph.FindNode("b")!);
        graph.RedirectConsumers("b_out", "a_out");

        Assert.Equal(["a", "c"], Names(graph.Nodes));
        Assert.Empty(model.FindProblems());
    }

    [Fact]
    public void Removing_an_initializer_by_name_reports_whether_it_existed()
    {
        OnnxGraph graph = SampleModels.ConvRelu().Graph;

        Assert.True(graph.RemoveInitializer("conv.bias"));
        Assert.False(graph.RemoveInitializer("conv.bias"));
        Assert.Null(graph.FindInitializer("conv.bias"));
    }

    [Fact]
    public void Editing_a_node_that_is_not_in_the_graph_is_an_error_naming_it()
    {
        OnnxGraph graph = SampleModels.Chain("a").Graph;
        NodeProto stranger = graph.CreateNode("Relu", ["x"], ["s"], "stranger");

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => graph.RemoveNode(stranger));
        Assert.Contains("stranger", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unique_names_avoid_every_node_value_and_initializer_name()
    {
        OnnxGraph graph = SampleModels.ConvRelu().Graph;

        Assert.Equal("fresh", graph.UniqueName("fresh"));
        Assert.Equal("conv_1", graph.UniqueName("conv"));
        Assert.Equal("conv.weight_1", graph.UniqueName("conv.weight"));
        Assert.Equal("image_1", graph.UniqueName("image"));
    }

    [Fact]
    public void Topological_sort_puts_appended_nodes_after_what_they_read_and_keeps_file_order_otherwise()
    {
        OnnxModel model = SampleModels.Chain("a", "b", "c");
        OnnxGraph graph = model.Graph;
        NodeProto c = graph.FindNode("c")!;
        NodeProto a = graph.FindNode("a")!;
        graph.RemoveNode(c);
        graph.RemoveNode(a);
        graph.InsertNode(0, c);
        graph.InsertNode(1, graph.CreateNode("Relu", ["x"], ["side"], "independent"));
        graph.Proto.Node.Add(a);

        graph.SortTopologically();

        Assert.Equal(["independent", "a", "b", "c"], Names(graph.Nodes));
        Assert.Empty(model.FindProblems());
    }

    [Fact]
    public void Topological_order_of_a_cyclic_graph_is_an_error_naming_the_cycle()
    {
        OnnxModel model = SampleModels.Chain("a", "b");
        model.Graph.FindNode("a")!.Input[0] = "b_out";

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => model.Graph.TopologicalOrder());
        Assert.Contains("'a' (Relu), 'b' (Relu)", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Names(IReadOnlyList<NodeProto> nodes)
    {
        var names = new List<string>();
        foreach (NodeProto node in nodes)
        {
            names.Add(node.Name);
        }

        return names;
    }
}
