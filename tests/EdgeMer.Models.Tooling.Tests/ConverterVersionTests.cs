using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Onnx;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>A converted model counts as current only when this very build of the converter made it.</summary>
public sealed class ConverterVersionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-converter-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_converter_version_is_derived_from_the_compiled_importer_and_ONNX_writer()
    {
        Span<byte> ids = stackalloc byte[32];
        typeof(TfJsImporter).Module.ModuleVersionId.TryWriteBytes(ids[..16]);
        typeof(OnnxModel).Module.ModuleVersionId.TryWriteBytes(ids[16..]);

        Assert.Equal("mvid-" + Convert.ToHexStringLower(SHA256.HashData(ids).AsSpan(0, 12)), TfJsImporter.ConverterVersion);
    }

    [Fact]
    public void A_model_made_by_another_converter_is_rebuilt_and_indexed_with_this_one()
    {
        ModelCatalog catalog = ModelCatalog.Load(CatalogCopy.Create(Path.Combine(_folder, "models"), "emotion"));
        var store = new ModelStoreBuilder(Path.Combine(_folder, "store"), Path.Combine(RepoPaths.Cache, "npm"));
        store.Build(catalog);
        // What a converter from before this change left: the hand-bumped version it recorded.
        JsonNode index = JsonNode.Parse(File.ReadAllText(store.IndexPath))!;
        index["models"]![0]!["converterVersion"] = "2";
        File.WriteAllText(store.IndexPath, index.ToJsonString());

        IReadOnlyList<string> report = store.Build(catalog);

        Assert.StartsWith("emotion: built", Assert.Single(report), StringComparison.Ordinal);
        Assert.Equal(TfJsImporter.ConverterVersion, store.Find("emotion")!.ConverterVersion);
        OnnxModel model = OnnxModel.Load(store.ModelPath("emotion"));
        Assert.Equal(TfJsImporter.ConverterVersion, model.FindMetadata("edgemer.converter_version"));
        Assert.Equal(TfJsImporter.ConverterVersion, model.ProducerVersion);
    }
}
