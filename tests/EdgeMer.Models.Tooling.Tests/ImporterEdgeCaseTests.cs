using System.Buffers.Binary;
using System.Text.Json.Nodes;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Models.Tooling.Verification;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// Edges of the importer the catalogued models do not reach, each on a TensorFlow.js model written by
/// hand and compared with TensorFlow.js 4.22.0 running the same model on the same input: SAME padding
/// on dilated kernels, reductions over an empty axes list, and uint8/uint16-quantized weights.
/// </summary>
[Collection(BuiltModelsGroup.Name)]
public sealed class ImporterEdgeCaseTests(BuiltModels models) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-edges-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Conv2D", 2, 2, 3, 3)] // dilated kernel 4x4: 3 pixels of padding, 1 before and 2 after
    [InlineData("Conv2D", 2, 3, 3, 2)] // 4 by 5: 1|2 rows, 2|2 columns
    [InlineData("Conv2D", 3, 3, 2, 2)] // 5 by 5: 2|2 both ways
    [InlineData("DepthwiseConv2dNative", 2, 2, 3, 3)]
    [InlineData("DepthwiseConv2dNative", 3, 2, 2, 3)]
    public void A_SAME_convolution_with_a_dilated_kernel_matches_TensorFlow_js(string op, int kernelHeight, int kernelWidth, int dilationHeight, int dilationWidth)
    {
        // ONNX Runtime rejects auto_pad SAME_UPPER with dilation; the importer pads explicitly, and
        // kernels of even dilated size show whether the odd pixel goes at the end, as in TensorFlow.
        const int channels = 2;
        int outputs = op == "Conv2D" ? 3 : 2; // depthwise: channel multiplier 2
        var random = new Random(11);
        float[] filter = Values(random, kernelHeight * kernelWidth * channels * outputs);
        string json = new TinyTfJsModel()
            .Placeholder("x", "float32", 1, 9, 11, channels)
            .Floats("filter", [kernelHeight, kernelWidth, channels, outputs], filter)
            .Node("y", op, ["x", "filter"], new JsonObject
            {
                ["T"] = TinyTfJsModel.Type("float32"),
                ["strides"] = TinyTfJsModel.IntList(1, 1, 1, 1),
                ["padding"] = TinyTfJsModel.Text("SAME"),
                ["data_format"] = TinyTfJsModel.Text("NHWC"),
                ["dilations"] = TinyTfJsModel.IntList(1, dilationHeight, dilationWidth, 1),
            })
            .Write(Path.Combine(_folder, "model"));

        AssertMatchesTfJs(json, "y", RawTensor.FromFloats("x", [1, 9, 11, channels], Values(random, 9 * 11 * channels)));
    }

    [Fact]
    public void A_SAME_convolution_both_strided_and_dilated_is_an_error_naming_the_node_and_both()
    {
        string json = new TinyTfJsModel()
            .Placeholder("x", "float32", 1, 9, 9, 1)
            .Floats("filter", [3, 3, 1, 1], new float[9])
            .Node("y", "Conv2D", ["x", "filter"], new JsonObject
            {
                ["T"] = TinyTfJsModel.Type("float32"),
                ["strides"] = TinyTfJsModel.IntList(1, 2, 2, 1),
                ["padding"] = TinyTfJsModel.Text("SAME"),
                ["dilations"] = TinyTfJsModel.IntList(1, 2, 2, 1),
            })
            .Write(Path.Combine(_folder, "model"));

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.Import(json, Outputs("y")));

        Assert.Contains("node 'y' (Conv2D)", error.Message, StringComparison.Ordinal);
        Assert.Contains("strides [2, 2] and dilations [2, 2]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mean", false)]
    [InlineData("Sum", false)]
    [InlineData("Max", false)]
    [InlineData("Mean", true)]
    public void A_reduction_over_an_empty_axes_list_reduces_nothing_as_in_TensorFlow_js(string op, bool keepDims)
    {
        // ONNX reads empty axes as "every axis"; TensorFlow as "none".
        var random = new Random(5);
        string json = new TinyTfJsModel()
            .Placeholder("x", "float32", 1, 3, 4, 2)
            .Ints("axes", [0], [])
            .Node("y", op, ["x", "axes"], new JsonObject
            {
                ["T"] = TinyTfJsModel.Type("float32"),
                ["Tidx"] = TinyTfJsModel.Type("int32"),
                ["keep_dims"] = TinyTfJsModel.Flag(keepDims),
            })
            .Write(Path.Combine(_folder, "model"));

        AssertMatchesTfJs(json, "y", RawTensor.FromFloats("x", [1, 3, 4, 2], Values(random, 24)));
    }

    [Theory]
    [InlineData("uint8", 0.0123456789, -1.2345678901)]
    [InlineData("uint8", 3.5, 1000.25)]
    [InlineData("uint16", 0.000123456789, -3.999999)]
    [InlineData("uint16", 1.0 / 3.0, 0.1)]
    public void Quantized_float_weights_dequantize_as_TensorFlow_js_does(string quantized, double scale, double min)
    {
        // Every stored value of the width once (uint16: a spread over the whole range): the weight
        // added to zeros is the dequantized weight itself, compared bit for bit.
        int count = quantized == "uint8" ? 256 : 1024;
        string json = new TinyTfJsModel()
            .Placeholder("x", "float32", 1, count)
            .Const("w", "float32", [1, count], Stored(quantized, count), Quantization(quantized, scale, min))
            .Node("y", "AddV2", ["x", "w"], new JsonObject { ["T"] = TinyTfJsModel.Type("float32") })
            .Write(Path.Combine(_folder, "model"));

        AssertMatchesTfJs(json, "y", RawTensor.FromFloats("x", [1, count], new float[count]), tolerance: 0);
    }

    [Theory]
    [InlineData("uint8", 0.5, -64.0)] // halves in both signs: JavaScript's Math.round rounds them up
    [InlineData("uint16", 0.5, -16384.0)]
    [InlineData("uint16", 0.37, -12000.4)]
    public void Quantized_int32_weights_round_as_TensorFlow_js_does(string quantized, double scale, double min)
    {
        int count = quantized == "uint8" ? 256 : 1024;
        string json = new TinyTfJsModel()
            .Placeholder("x", "int32", 1, count)
            .Const("w", "int32", [1, count], Stored(quantized, count), Quantization(quantized, scale, min))
            .Node("y", "AddV2", ["x", "w"], new JsonObject { ["T"] = TinyTfJsModel.Type("int32") })
            .Write(Path.Combine(_folder, "model"));

        AssertMatchesTfJs(json, "y", RawTensor.FromInt32s("x", [1, count], new int[count]), tolerance: 0);
    }

    /// <summary>Converts the model, runs it in ONNX Runtime and in TensorFlow.js, and compares <paramref name="output"/>.</summary>
    private void AssertMatchesTfJs(string json, string output, RawTensor input, double tolerance = ModelVerifier.Tolerance)
    {
        string onnx = Path.Combine(_folder, "model.onnx");
        TfJsImporter.ImportToFile(json, onnx, Outputs(output));

        RawTensor expected = new NodeModelReference(models.Environment).RunTfJs(json, [output], [[input]])[0][0];
        RawTensor actual = models.Runner.Run(onnx, [output], [[input]])[0][0];

        Assert.Equal(expected.Dtype, actual.Dtype);
        Assert.Equal(expected.Shape, actual.Shape);
        double[] a = expected.ToDoubles();
        double[] b = actual.ToDoubles();
        double magnitude = Math.Max(1, a.Max(Math.Abs));
        int worst = Enumerable.Range(0, a.Length).MaxBy(i => Math.Abs(a[i] - b[i]));
        double difference = Math.Abs(a[worst] - b[worst]) / magnitude;
        Assert.True(difference <= tolerance, $"element {worst}: TensorFlow.js {a[worst]:R}, EdgeMer {b[worst]:R} (scaled difference {difference})");
    }

    private static TfJsImportOptions Outputs(string output) => new() { Outputs = [new(output, output)] };

    private static JsonObject Quantization(string dtype, double scale, double min) => new() { ["dtype"] = dtype, ["scale"] = scale, ["min"] = min };

    /// <summary>The stored values 0, 1, 2, ... (uint8) or spread over 0..65535 (uint16), little-endian.</summary>
    private static byte[] Stored(string quantized, int count)
    {
        if (quantized == "uint8")
        {
            return [.. Enumerable.Range(0, count).Select(i => (byte)i)];
        }

        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)(i * 65535L / (count - 1)));
        }

        return bytes;
    }

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
