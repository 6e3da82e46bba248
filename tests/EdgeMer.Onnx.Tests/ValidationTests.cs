using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void A_well_formed_model_has_no_problems()
    {
        Assert.Empty(SampleModels.ConvRelu().FindProblems());
        SampleModels.Add().Validate();
    }

    [Fact]
    public void A_node_reading_a_value_nothing_defines_is_reported_by_node_and_value()
    {
        OnnxModel model = SampleModels.Add();
        model.Graph.AddNode("Relu", ["nowhere"], ["r"], "dangling_relu");

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Equal("dangling_relu", issue.NodeName);
        Assert.Contains("'nowhere'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_nodes_writing_the_same_value_are_reported_naming_the_second_node()
    {
        OnnxModel model = SampleModels.Add();
        model.Graph.AddNode("Relu", ["a"], ["y"], "second_writer");

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Equal("second_writer", issue.NodeName);
        Assert.Contains("'y'", issue.Message, StringComparison.Ordinal);
        Assert.Contains("'add'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_nodes_with_the_same_name_are_reported()
    {
        OnnxModel model = SampleModels.Chain("a", "b");
        SampleModels.Node(model, "b").Name = "a";

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Equal("a", issue.NodeName);
        Assert.Contains("also named 'a'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_of_a_domain_the_model_does_not_import_is_reported_naming_node_and_domain()
    {
        OnnxModel model = SampleModels.Add();
        model.Graph.AddNode("QuickGelu", ["y"], ["g"], "gelu").Domain = "com.microsoft";

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Equal("gelu", issue.NodeName);
        Assert.Contains("com.microsoft", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_the_default_opset_import_is_reported()
    {
        OnnxModel model = SampleModels.Add();
        model.Proto.OpsetImport.Clear();

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Equal("add", issue.NodeName);
        Assert.Contains("default domain", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_reported_naming_the_nodes_in_it()
    {
        OnnxModel model = SampleModels.Chain("a", "b", "c");
        SampleModels.Node(model, "a").Input[0] = "c_out";

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Contains("cycle", issue.Message, StringComparison.Ordinal);
        Assert.Contains("'a'", issue.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", issue.Message, StringComparison.Ordinal);
        Assert.Contains("'c'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_out_of_topological_order_are_reported_naming_the_early_reader()
    {
        OnnxModel model = SampleModels.Chain("a", "b");
        NodeProto b = SampleModels.Node(model, "b");
        model.Graph.RemoveNode(b);
        model.Graph.InsertNode(0, b);

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Equal("b", issue.NodeName);
        Assert.Contains("before", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initializer_whose_data_does_not_fit_its_dims_is_reported_by_name()
    {
        OnnxModel model = SampleModels.ConvRelu();
        model.Graph.FindInitializer("conv.bias")!.Dims[0] = 5;

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Contains("'conv.bias'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_output_nothing_produces_is_reported()
    {
        OnnxModel model = SampleModels.Add();
        model.Graph.AddOutput("ghost", TensorElementType.Float, [1]);

        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Contains("'ghost'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_throws_one_exception_listing_every_problem()
    {
        OnnxModel model = SampleModels.Add();
        model.Graph.AddNode("Relu", ["nowhere"], ["r"], "first");
        model.Graph.AddNode("Relu", ["nowhere_either"], ["s"], "second");

        OnnxModelException error = Assert.Throws<OnnxModelException>(model.Validate);
        Assert.Equal(2, error.Issues.Count);
        Assert.Contains("first", error.Message, StringComparison.Ordinal);
        Assert.Contains("second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subgraph_may_read_values_of_the_enclosing_graph()
    {
        var model = new OnnxModel("if");
        model.Graph.AddInput("cond", TensorElementType.Bool, []);
        model.Graph.AddInput("x", TensorElementType.Float, [2]);
        GraphProto Branch(string op, string output)
        {
            var branch = new OnnxModel(output).Graph;
            branch.AddNode(op, ["x"], [output], op + "_in_branch");
            branch.AddOutput(output, TensorElementType.Float, [2]);
            return branch.Proto;
        }

        model.Graph.AddNode(
            "If", ["cond"], ["y"], "if",
            OnnxAttributes.Graph("then_branch", Branch("Relu", "then_out")),
            OnnxAttributes.Graph("else_branch", Branch("Neg", "else_out")));
        model.Graph.AddOutput("y", TensorElementType.Float, [2]);

        Assert.Empty(model.FindProblems());

        // A subgraph reading something the outer graph does not define is still caught.
        model.Graph.Nodes[0].FindAttribute("then_branch")!.G.Node[0].Input[0] = "nowhere";
        OnnxValidationIssue issue = Assert.Single(model.FindProblems());
        Assert.Equal("Relu_in_branch", issue.NodeName);
    }
}
