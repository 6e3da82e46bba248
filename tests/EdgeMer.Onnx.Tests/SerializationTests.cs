using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;
using Google.Protobuf.Reflection;

namespace EdgeMer.Onnx.Tests;

public sealed class SerializationTests : IDisposable
{
    private const string TestData = "/usr/share/libonnx-testdata/data";

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_field_of_the_schema_has_the_number_and_type_onnx_gives_it()
    {
        JsonElement reference = OnnxPeer.Schema();
        var compared = 0;
        foreach (MessageDescriptor message in AllMessages(OnnxReflection.Descriptor.MessageTypes))
        {
            Assert.True(reference.TryGetProperty(message.FullName, out JsonElement fields), $"onnx has no message {message.FullName}");
            foreach (FieldDescriptor field in message.Fields.InFieldNumberOrder())
            {
                Assert.True(fields.TryGetProperty(field.Name, out JsonElement theirs), $"onnx has no field {message.FullName}.{field.Name}");
                Assert.Equal(theirs.GetProperty("number").GetInt32(), field.FieldNumber);
                Assert.Equal(theirs.GetProperty("type").GetString(), field.FieldType.ToString().ToLowerInvariant());
                Assert.Equal(theirs.GetProperty("repeated").GetBoolean(), field.IsRepeated);
                compared++;
            }
        }

        Assert.True(compared > 90, $"only {compared} fields compared");
    }

    [Fact]
    public void The_schema_leaves_out_only_training_info_and_opaque_types()
    {
        JsonElement reference = OnnxPeer.Schema();
        var ours = new Dictionary<string, MessageDescriptor>();
        foreach (MessageDescriptor message in AllMessages(OnnxReflection.Descriptor.MessageTypes))
        {
            ours[message.FullName] = message;
        }

        var missing = new List<string>();
        foreach (JsonProperty message in reference.EnumerateObject())
        {
            if (!ours.TryGetValue(message.Name, out MessageDescriptor? descriptor))
            {
                missing.Add(message.Name);
                continue;
            }

            foreach (JsonProperty field in message.Value.EnumerateObject())
            {
                if (descriptor.FindFieldByName(field.Name) is null)
                {
                    missing.Add($"{message.Name}.{field.Name}");
                }
            }
        }

        missing.Sort(StringComparer.Ordinal);
        Assert.Equal(
            ["onnx.ModelProto.training_info", "onnx.TrainingInfoProto", "onnx.TypeProto.Opaque", "onnx.TypeProto.opaque_type"],
            missing);
    }

    [Fact]
    public void A_model_written_by_python_onnx_is_read_with_its_graph_attributes_initializers_and_metadata()
    {
        string path = Path.Combine(_folder, "python.onnx");
        OnnxPeer.WriteSample(path);

        OnnxModel model = OnnxModel.Load(path);

        Assert.Equal("onnx-python", model.ProducerName);
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.FindOpsetImport(""));
        Assert.Equal("a,b", model.FindMetadata("labels"));
        OnnxGraph graph = model.Graph;
        Assert.Equal("python_sample", graph.Name);
        Assert.Equal(["constant", "conv", "leaky", "reshape", "argmax"], Names(graph.Nodes));
        Assert.Equal("N", graph.Inputs[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(3, graph.Inputs[0].Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal((int)TensorElementType.Int64, graph.FindOutput("argmax")!.Type.TensorType.ElemType);
        Assert.Equal("conv_out", graph.Proto.ValueInfo[0].Name);

        NodeProto conv = graph.FindNode("conv")!;
        Assert.Equal(["x", "w", "b"], conv.Input);
        Assert.Equal([1L, 1], conv.GetInts("kernel_shape"));
        Assert.Equal(0.125f, graph.FindNode("leaky")!.GetFloat("alpha", 0));
        Assert.Equal([7, -7], OnnxTensors.ToInt32s(graph.FindNode("constant")!.GetTensor("value")));

        // numpy_helper writes raw_data, make_tensor with a list writes float_data: both must read.
        TensorProto weights = graph.FindInitializer("w")!;
        Assert.True(weights.HasRawData);
        Assert.Equal([0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f], OnnxTensors.ToFloats(weights));
        Assert.Equal([2L, 3, 1, 1], weights.Dims);
        TensorProto bias = graph.FindInitializer("b")!;
        Assert.False(bias.HasRawData);
        Assert.Equal([0.5f, -0.25f], OnnxTensors.ToFloats(bias));
        Assert.Equal([0L, 2, 4, 4], OnnxTensors.ToInt64s(graph.FindInitializer("shape")!));
        Assert.Empty(model.FindProblems());
    }

    [Fact]
    public void Saving_and_loading_keeps_every_field()
    {
        OnnxModel model = SampleModels.ConvRelu();
        string path = Path.Combine(_folder, "conv.onnx");

        model.Save(path);
        OnnxModel loaded = OnnxModel.Load(path);

        Assert.Equal(model.Proto, loaded.Proto);
        Assert.Equal(model.ToBytes(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Every_reference_model_of_the_onnx_test_suite_loads_validates_and_serializes_back_to_the_same_bytes()
    {
        string[] files = Directory.GetFiles(TestData, "model.onnx", SearchOption.AllDirectories);
        Assert.True(files.Length > 900, $"only {files.Length} reference models under {TestData}");

        var mismatches = new List<string>();
        var invalid = new List<string>();
        foreach (string file in files)
        {
            byte[] original = File.ReadAllBytes(file);
            OnnxModel model = OnnxModel.FromBytes(original, file);
            if (!original.AsSpan().SequenceEqual(model.ToBytes()))
            {
                mismatches.Add(file);
            }

            if (model.FindProblems() is { Count: > 0 } problems)
            {
                invalid.Add($"{file}: {problems[0]}");
            }
        }

        Assert.Empty(mismatches);
        Assert.Empty(invalid);
    }

    [Fact]
    public void Loading_a_file_that_is_not_a_model_names_the_file()
    {
        string path = Path.Combine(_folder, "notes.onnx");
        File.WriteAllText(path, "this is not protobuf at all, just text that happens to end in .onnx");

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_missing_file_names_the_file()
    {
        string path = Path.Combine(_folder, "absent.onnx");

        OnnxModelException error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_replaces_an_existing_file_whole_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_folder, "model.onnx");
        File.WriteAllText(path, "old contents");

        SampleModels.Add().Save(path);

        Assert.Equal("add", OnnxModel.Load(path).Graph.Name);
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_failed_save_leaves_the_target_and_its_folder_as_they_were()
    {
        // The target is a folder, so the final rename fails after the bytes were written.
        string path = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "keep.txt"), "x");

        Assert.ThrowsAny<IOException>(() => SampleModels.Add().Save(path));

        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Equal([Path.Combine(path, "keep.txt")], Directory.GetFiles(path));
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

    private static IEnumerable<MessageDescriptor> AllMessages(IEnumerable<MessageDescriptor> messages)
    {
        foreach (MessageDescriptor message in messages)
        {
            yield return message;
            foreach (MessageDescriptor nested in AllMessages(message.NestedTypes))
            {
                yield return nested;
            }
        }
    }
}
