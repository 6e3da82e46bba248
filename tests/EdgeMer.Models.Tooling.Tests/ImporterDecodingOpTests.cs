using System.Text.Json.Nodes;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Models.Tooling.Verification;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// The ops MoveNet MultiPose and the BlazePose detector decode with inside their graphs (shapes,
/// comparisons, selection, slicing, tiling, ranges, top-k, depth-to-space), each on a TensorFlow.js
/// model written by hand around the one op and compared with TensorFlow.js 4.22.0 running the same
/// model on the same input. Comparisons are read as 1 and 0 through SelectV2 (bool tensors do not
/// cross to the reference runner); the input holds repeated values so that ties and equality occur.
/// </summary>
[Collection(BuiltModelsGroup.Name)]
public sealed class ImporterDecodingOpTests(BuiltModels models) : IDisposable
{
    private static readonly long[] s_shape = [1, 4, 4, 2];

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-decoding-ops-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Abs")]
    [InlineData("Exp")]
    [InlineData("Reciprocal")]
    public void A_unary_op_matches_TensorFlow_js(string op)
    {
        TinyTfJsModel model = Start().Node("y", op, ["x"], Float());

        AssertMatchesTfJs(model, "y");
    }

    [Theory]
    [InlineData("Less")]
    [InlineData("Greater")]
    [InlineData("GreaterEqual")]
    [InlineData("Equal")]
    public void A_comparison_broadcasting_a_constant_matches_TensorFlow_js(string op)
    {
        TinyTfJsModel model = Start()
            .Floats("c", [2], [0f, 0.5f])
            .Node("compare", op, ["x", "c"], Float());

        AssertMatchesTfJs(AsNumbers(model, "compare"), "y");
    }

    [Fact]
    public void LogicalAnd_of_two_comparisons_matches_TensorFlow_js()
    {
        TinyTfJsModel model = Start()
            .Floats("low", [], [-0.5f])
            .Floats("high", [], [0.5f])
            .Node("above", "Greater", ["x", "low"], Float())
            .Node("below", "Less", ["x", "high"], Float())
            .Node("both", "LogicalAnd", ["above", "below"], new JsonObject());

        AssertMatchesTfJs(AsNumbers(model, "both"), "y");
    }

    [Theory]
    [InlineData("Select")]
    [InlineData("SelectV2")]
    public void Select_takes_from_either_operand_where_the_condition_says_as_in_TensorFlow_js(string op)
    {
        TinyTfJsModel model = Start()
            .Floats("zero", [], [0f])
            .Node("positive", "Greater", ["x", "zero"], Float())
            .Node("zeros", "Mul", ["x", "zero"], Float())
            .Node("y", op, ["positive", "x", "zeros"], Float());

        AssertMatchesTfJs(model, "y");
    }

    [Fact]
    public void AddN_of_three_tensors_matches_TensorFlow_js()
    {
        TinyTfJsModel model = Start()
            .Floats("c", s_shape, Values(new Random(3), 32))
            .Node("twice", "AddV2", ["x", "x"], Float())
            .Node("y", "AddN", ["x", "twice", "c"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["N"] = new JsonObject { ["i"] = "3" } });

        AssertMatchesTfJs(model, "y");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Shape_gives_the_TensorFlow_layout_even_of_a_tensor_held_channels_first(bool afterConvolution)
    {
        // A convolution leaves its output channels-first inside the ONNX graph; its shape must still
        // read [N, H, W, C] (3 output channels make the layouts differ).
        TinyTfJsModel model = Start();
        string input = "x";
        if (afterConvolution)
        {
            model.Floats("filter", [1, 1, 2, 3], Values(new Random(4), 6))
                .Node("conv", "Conv2D", ["x", "filter"], Convolution());
            input = "conv";
        }

        model.Node("y", "Shape", [input], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["out_type"] = TinyTfJsModel.Type("int32") });

        AssertMatchesTfJs(model, "y");
    }

    [Fact]
    public void Size_counts_the_elements_as_int32_as_in_TensorFlow_js()
    {
        TinyTfJsModel model = Start().Node("y", "Size", ["x"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["out_type"] = TinyTfJsModel.Type("int32") });

        AssertMatchesTfJs(model, "y");
    }

    [Fact]
    public void Fill_to_a_computed_shape_matches_TensorFlow_js()
    {
        TinyTfJsModel model = Start()
            .Floats("value", [], [2.5f])
            .Node("shape", "Shape", ["x"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["out_type"] = TinyTfJsModel.Type("int32") })
            .Node("y", "Fill", ["shape", "value"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["index_type"] = TinyTfJsModel.Type("int32") });

        AssertMatchesTfJs(model, "y");
    }

    [Fact]
    public void Tile_matches_TensorFlow_js()
    {
        TinyTfJsModel model = Start()
            .Ints("multiples", [4], [1, 2, 1, 3])
            .Node("y", "Tile", ["x", "multiples"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["Tmultiples"] = TinyTfJsModel.Type("int32") });

        AssertMatchesTfJs(model, "y");
    }

    [Fact]
    public void Range_up_to_a_computed_float_limit_matches_TensorFlow_js()
    {
        // As MultiPose builds its grid: the limit is a cast of a dimension read from a shape.
        TinyTfJsModel model = Start()
            .Floats("start", [], [0.5f])
            .Floats("delta", [], [1.5f])
            .Node("size", "Size", ["x"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["out_type"] = TinyTfJsModel.Type("int32") })
            .Node("limit", "Cast", ["size"], CastTo("DT_FLOAT", "DT_INT32"))
            .Node("y", "Range", ["start", "limit", "delta"], new JsonObject { ["Tidx"] = TinyTfJsModel.Type("float32") });

        AssertMatchesTfJs(model, "y");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Split_into_equal_parts_gives_each_part_as_TensorFlow_js_does(int part)
    {
        TinyTfJsModel model = Start()
            .Ints("axis", [], [3])
            .Node("y", "Split", ["axis", "x"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["num_split"] = new JsonObject { ["i"] = "2" } });

        AssertMatchesTfJs(model, part == 0 ? "y" : $"y:{part}");
    }

    [Theory]
    [InlineData(new[] { 0, 1, 0, 0 }, new[] { 1, 3, 4, 2 }, new[] { 1, 1, 2, 1 }, 0, 0, 0, 0)] // plain, with a stride
    [InlineData(new[] { 0, 0, 0, 1 }, new[] { 0, 0, 0, 2 }, new[] { 1, 1, 1, 1 }, 7, 7, 0, 8)] // begin/end masks, the last axis shrunk
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 0, 0, 0 }, new[] { 1, 1, 1, 1 }, 11, 11, 4, 0)] // a new axis in the middle, as MultiPose's strided_slice_17
    [InlineData(new[] { 0, 0, 0 }, new[] { 0, 0, 0 }, new[] { 1, 1, 1 }, 3, 3, 4, 0)] // fewer spec entries than axes, a new axis after them
    [InlineData(new[] { 0, -1, 0, 0 }, new[] { 0, 0, 0, 0 }, new[] { 1, 1, 1, 1 }, 13, 13, 0, 2)] // shrink at -1
    [InlineData(new[] { 0, 3, 0, 0 }, new[] { 1, 0, 4, 2 }, new[] { 1, -1, 1, 1 }, 0, 2, 0, 0)] // reversed with an end mask
    public void StridedSlice_with_its_masks_matches_TensorFlow_js(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int newAxisMask, int shrinkMask)
    {
        TinyTfJsModel model = Start()
            .Ints("begin", [begin.Length], begin)
            .Ints("end", [end.Length], end)
            .Ints("strides", [strides.Length], strides)
            .Node("y", "StridedSlice", ["x", "begin", "end", "strides"], new JsonObject
            {
                ["T"] = TinyTfJsModel.Type("float32"),
                ["Index"] = TinyTfJsModel.Type("int32"),
                ["begin_mask"] = Int(beginMask),
                ["end_mask"] = Int(endMask),
                ["new_axis_mask"] = Int(newAxisMask),
                ["shrink_axis_mask"] = Int(shrinkMask),
                ["ellipsis_mask"] = Int(0),
            });

        AssertMatchesTfJs(model, "y");
    }

    [Theory]
    [InlineData("y")]
    [InlineData("y:1")]
    public void TopKV2_gives_the_largest_values_and_their_int32_indices_ties_first_by_index_as_TensorFlow_js(string output)
    {
        TinyTfJsModel model = Start()
            .Ints("flat", [2], [1, 32])
            .Ints("k", [], [6])
            .Node("row", "Reshape", ["x", "flat"], Float())
            .Node("y", "TopKV2", ["row", "k"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["sorted"] = TinyTfJsModel.Flag(true) });

        AssertMatchesTfJs(model, output);
    }

    [Fact]
    public void DepthToSpace_of_a_convolution_output_matches_TensorFlow_js()
    {
        TinyTfJsModel model = Start()
            .Floats("filter", [1, 1, 2, 8], Values(new Random(6), 16))
            .Node("conv", "Conv2D", ["x", "filter"], Convolution())
            .Node("y", "DepthToSpace", ["conv"], new JsonObject
            {
                ["T"] = TinyTfJsModel.Type("float32"),
                ["block_size"] = new JsonObject { ["i"] = "2" },
                ["data_format"] = TinyTfJsModel.Text("NHWC"),
            });

        AssertMatchesTfJs(model, "y");
    }

    [Fact]
    public void ResizeBilinear_to_a_size_computed_from_the_input_shape_matches_TensorFlow_js()
    {
        // MultiPose's upsampling: size = shape[1:3] * 2.
        TinyTfJsModel model = Start()
            .Ints("begin", [1], [1])
            .Ints("end", [1], [3])
            .Ints("strides", [1], [1])
            .Ints("factor", [2], [2, 2])
            .Node("shape", "Shape", ["x"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32"), ["out_type"] = TinyTfJsModel.Type("int32") })
            .Node("spatial", "StridedSlice", ["shape", "begin", "end", "strides"], new JsonObject
            {
                ["T"] = TinyTfJsModel.Type("int32"),
                ["Index"] = TinyTfJsModel.Type("int32"),
                ["begin_mask"] = Int(0),
                ["end_mask"] = Int(0),
                ["new_axis_mask"] = Int(0),
                ["shrink_axis_mask"] = Int(0),
                ["ellipsis_mask"] = Int(0),
            })
            .Node("size", "Mul", ["spatial", "factor"], new JsonObject { ["T"] = TinyTfJsModel.Type("int32") })
            .Node("y", "ResizeBilinear", ["x", "size"], new JsonObject
            {
                ["T"] = TinyTfJsModel.Type("float32"),
                ["align_corners"] = TinyTfJsModel.Flag(false),
                ["half_pixel_centers"] = TinyTfJsModel.Flag(true),
            });

        AssertMatchesTfJs(model, "y");
    }

    [Fact]
    public void A_StridedSlice_with_an_ellipsis_is_an_error_naming_the_node_and_the_mask()
    {
        string json = Start()
            .Ints("begin", [1], [0])
            .Ints("end", [1], [1])
            .Ints("strides", [1], [1])
            .Node("y", "StridedSlice", ["x", "begin", "end", "strides"], new JsonObject { ["ellipsis_mask"] = Int(1) })
            .Write(Path.Combine(_folder, "model"));

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(json, new TfJsImportOptions { Outputs = [new("y", "y")] }));

        Assert.Contains("node 'y' (StridedSlice)", error.Message, StringComparison.Ordinal);
        Assert.Contains("ellipsis_mask", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A bool tensor read as 1 and 0 through SelectV2 (the reference runner's outputs are numbers).</summary>
    private static TinyTfJsModel AsNumbers(TinyTfJsModel model, string condition) => model
        .Floats("one", [], [1f])
        .Floats("none", [], [0f])
        .Node("y", "SelectV2", [condition, "one", "none"], Float());

    private static TinyTfJsModel Start() => new TinyTfJsModel().Placeholder("x", "float32", s_shape);

    /// <summary>Converts the model, runs it in ONNX Runtime and in TensorFlow.js on one input, and compares <paramref name="output"/>.</summary>
    private void AssertMatchesTfJs(TinyTfJsModel model, string output)
    {
        string json = model.Write(Path.Combine(_folder, "model"));
        string onnx = Path.Combine(_folder, "model.onnx");
        TfJsImporter.ImportToFile(json, onnx, new TfJsImportOptions { Outputs = [new(output, "probe")] });

        // Values from a small set, so that comparisons meet ties and equality.
        var random = new Random(9);
        float[] values = new float[32];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.Next(9) - 4) * 0.25f;
        }

        values[0] = 0.5f; // Reciprocal stays finite: no zero in the input.
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = values[i] == 0 ? 0.125f : values[i];
        }

        RawTensor input = RawTensor.FromFloats("x", s_shape, values);
        RawTensor expected = new NodeModelReference(models.Environment).RunTfJs(json, [output], [[input]])[0][0];
        RawTensor actual = models.Runner.Run(onnx, ["probe"], [[input]])[0][0];

        Assert.Equal(expected.Dtype, actual.Dtype);
        Assert.Equal(expected.Shape, actual.Shape);
        double[] a = expected.ToDoubles();
        double[] b = actual.ToDoubles();
        double magnitude = Math.Max(1, a.Length == 0 ? 0 : a.Max(Math.Abs));
        for (int i = 0; i < a.Length; i++)
        {
            double difference = Math.Abs(a[i] - b[i]) / magnitude;
            Assert.True(difference <= ModelVerifier.Tolerance, $"element {i}: TensorFlow.js {a[i]:R}, EdgeMer {b[i]:R} (scaled difference {difference})");
        }
    }

    private static JsonObject Float() => new() { ["T"] = TinyTfJsModel.Type("float32") };

    private static JsonObject Int(int value) => new() { ["i"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static JsonObject CastTo(string to, string from) => new()
    {
        ["SrcT"] = new JsonObject { ["type"] = from },
        ["DstT"] = new JsonObject { ["type"] = to },
    };

    private static JsonObject Convolution() => new()
    {
        ["T"] = TinyTfJsModel.Type("float32"),
        ["strides"] = TinyTfJsModel.IntList(1, 1, 1, 1),
        ["padding"] = TinyTfJsModel.Text("VALID"),
        ["data_format"] = TinyTfJsModel.Text("NHWC"),
        ["dilations"] = TinyTfJsModel.IntList(1, 1, 1, 1),
    };

    private static float[] Values(Random random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
