using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx.Tests;

public sealed class ModelBuildingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_built_model_passes_the_onnx_checker_and_shape_inference_keeps_the_symbolic_batch()
    {
        string path = Path.Combine(_folder, "add.onnx");
        SampleModels.Add().Save(path);

        JsonElement values = OnnxPeer.Check(path);

        JsonElement y = values.GetProperty("y");
        Assert.Equal((int)TensorElementType.Float, y.GetProperty("elem_type").GetInt32());
        Assert.Equal("[\"N\",3]", y.GetProperty("shape").GetRawText());
    }

    [Fact]
    public void A_convolution_with_initializers_and_attributes_passes_the_onnx_checker()
    {
        string path = Path.Combine(_folder, "conv.onnx");
        SampleModels.ConvRelu().Save(path);

        JsonElement values = OnnxPeer.Check(path);

        Assert.Equal("[\"batch\",4,5,5]", values.GetProperty("conv").GetProperty("shape").GetRawText());
        Assert.Equal("[\"batch\"]", values.GetProperty("score").GetProperty("shape").GetRawText());
    }

    [Fact]
    public void The_onnx_checker_rejects_a_built_model_whose_node_reads_an_undefined_value()
    {
        OnnxModel model = SampleModels.Add();
        model.Graph.AddNode("Relu", ["missing"], ["r"], "relu");
        string path = Path.Combine(_folder, "bad.onnx");
        model.Save(path);

        OnnxPeerException error = Assert.Throws<OnnxPeerException>(() => OnnxPeer.Check(path));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_model_declares_ir_version_8_and_imports_the_default_opset()
    {
        var model = new OnnxModel("g", opsetVersion: 13);

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(13, model.FindOpsetImport(""));
        Assert.Equal(13, model.FindOpsetImport("ai.onnx"));
        Assert.Null(model.FindOpsetImport("com.microsoft"));
    }

    [Fact]
    public void Setting_an_opset_import_again_replaces_the_version()
    {
        var model = new OnnxModel("g");
        model.SetOpsetImport("com.microsoft", 1);
        model.SetOpsetImport("ai.onnx", 18);

        Assert.Equal(2, model.OpsetImports.Count);
        Assert.Equal(18, model.FindOpsetImport(""));
        Assert.Equal(1, model.FindOpsetImport("com.microsoft"));
    }

    [Fact]
    public void Metadata_is_set_replaced_and_found_by_key()
    {
        var model = new OnnxModel("g");
        model.SetMetadata("labels", "a,b");
        model.SetMetadata("labels", "c");
        model.SetMetadata("author", "x");

        Assert.Equal("c", model.FindMetadata("labels"));
        Assert.Equal(2, model.Metadata.Count);
        Assert.Null(model.FindMetadata("absent"));
    }

    [Fact]
    public void Input_shapes_hold_fixed_symbolic_and_unknown_dimensions_and_unknown_rank()
    {
        var model = new OnnxModel("g");
        ValueInfoProto shaped = model.Graph.AddInput("x", TensorElementType.UInt8, [1, "H", TensorDim.Unknown]);
        ValueInfoProto unranked = model.Graph.AddInput("z", TensorElementType.Int64);

        var dims = shaped.Type.TensorType.Shape.Dim;
        Assert.Equal((int)TensorElementType.UInt8, shaped.Type.TensorType.ElemType);
        Assert.Equal(1, dims[0].DimValue);
        Assert.Equal("H", dims[1].DimParam);
        Assert.Equal(TensorShapeProto.Types.Dimension.ValueOneofCase.None, dims[2].ValueCase);
        Assert.Null(unranked.Type.TensorType.Shape);
    }

    [Fact]
    public void Declaring_the_same_input_twice_is_an_error_naming_it()
    {
        var model = new OnnxModel("g");
        model.Graph.AddInput("x", TensorElementType.Float, [1]);

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => model.Graph.AddInput("x", TensorElementType.Float, [1]));
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_second_initializer_with_a_used_name_is_an_error_naming_it()
    {
        var model = new OnnxModel("g");
        model.Graph.AddInitializer(OnnxTensors.FromFloats("w", [1f], [1]));

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => model.Graph.AddInitializer(OnnxTensors.FromFloats("w", [2f], [1])));
        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_without_a_name_get_a_unique_one_from_their_op_type()
    {
        var model = new OnnxModel("g");
        model.Graph.AddInput("x", TensorElementType.Float, [1]);
        NodeProto first = model.Graph.AddNode("Relu", ["x"], ["a"]);
        NodeProto second = model.Graph.AddNode("Relu", ["a"], ["b"]);

        Assert.Equal("Relu", first.Name);
        Assert.Equal("Relu_1", second.Name);
    }

    [Fact]
    public void Attributes_of_every_kind_are_written_with_their_type_and_read_back_typed()
    {
        var model = new OnnxModel("g");
        model.Graph.AddInput("x", TensorElementType.Float, [1]);
        NodeProto node = model.Graph.AddNode(
            "Custom", ["x"], ["y"], "custom",
            OnnxAttributes.Int("i", 3),
            OnnxAttributes.Float("f", 0.25f),
            OnnxAttributes.String("s", "SAME_UPPER"),
            OnnxAttributes.Ints("is", 1, 2, 3),
            OnnxAttributes.Floats("fs", 0.5f, 1.5f),
            OnnxAttributes.Strings("ss", "a", "b"),
            OnnxAttributes.Tensor("t", OnnxTensors.FromInt32s("t", [7], [])),
            OnnxAttributes.Tensors("ts", OnnxTensors.FromFloats("t0", [1f], [1])));

        NodeProto read = OnnxModel.FromBytes(model.ToBytes()).Graph.Nodes[0];

        Assert.Equal(AttributeProto.Types.AttributeType.Strings, node.FindAttribute("ss")!.Type);
        Assert.Equal(3, read.GetInt("i", 0));
        Assert.Equal(0.25f, read.GetFloat("f", 0));
        Assert.Equal("SAME_UPPER", read.GetString("s", ""));
        Assert.Equal([1L, 2, 3], read.GetInts("is"));
        Assert.Equal([0.5f, 1.5f], read.GetFloats("fs"));
        Assert.Equal([7], OnnxTensors.ToInt32s(read.GetTensor("t")));
        Assert.Equal("b", read.FindAttribute("ss")!.Strings[1].ToStringUtf8());
        Assert.Equal(42, read.GetInt("absent", 42));
    }

    [Fact]
    public void Reading_an_attribute_as_the_wrong_type_names_the_node_and_the_attribute()
    {
        var model = new OnnxModel("g");
        NodeProto node = model.Graph.AddNode("Conv", ["x"], ["y"], "conv1", OnnxAttributes.Ints("strides", 1, 1));

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => node.GetInt("strides", 0));
        Assert.Contains("conv1", error.Message, StringComparison.Ordinal);
        Assert.Contains("strides", error.Message, StringComparison.Ordinal);
    }
}
