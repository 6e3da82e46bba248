using EdgeMer.Models.Catalog;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tests;

/// <summary>
/// A pruned variant, which <c>edgemer models prune</c> writes to the store as <c>&lt;model&gt;.pruned.onnx</c>,
/// is read the way an int8 one is: once the manifest offers it (with the recipe that builds it), as the
/// store's index records it; while the manifest only plans it, it is refused naming what is offered.
/// </summary>
public sealed class PrunedVariantTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-pruned-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_pruned_variant_the_manifest_offers_reads_as_the_store_index_records_it()
    {
        string catalog = CatalogCopy.Create(Path.Combine(_dir, "catalog"), "emotion");
        string manifest = Path.Combine(catalog, "emotion.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(
            "{ \"name\": \"pruned\", \"status\": \"planned\" }",
            "{ \"name\": \"pruned\", \"status\": \"available\", \"recipe\": \"quantization/emotion.prune.json\" }",
            StringComparison.Ordinal));
        ModelDescription emotion = ModelCatalog.Load(catalog).Find("emotion");
        ModelStore store = StoreWith("emotion", "pruned", [3, 1, 4]);

        VerifiedModel file = store.ReadVariant(emotion, "pruned");

        Assert.Equal([3, 1, 4], file.Bytes);
        Assert.Equal("pruned", file.Variant);
        Assert.EndsWith("emotion.pruned.onnx", file.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pruned_file_whose_sha256_differs_from_the_one_its_manifest_pins_is_refused_saying_to_prune_again()
    {
        string catalog = CatalogCopy.Create(Path.Combine(_dir, "catalog"), "emotion");
        string manifest = Path.Combine(catalog, "emotion.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(
            "{ \"name\": \"pruned\", \"status\": \"planned\" }",
            $"{{ \"name\": \"pruned\", \"status\": \"available\", \"recipe\": \"quantization/emotion.prune.json\", \"sha256\": \"{new string('0', 64)}\" }}",
            StringComparison.Ordinal));
        ModelDescription emotion = ModelCatalog.Load(catalog).Find("emotion");
        ModelStore store = StoreWith("emotion", "pruned", [3, 1, 4]);

        ModelManifestException e = Assert.Throws<ModelManifestException>(() => store.ReadVariant(emotion, "pruned"));

        Assert.Contains("edgemer models prune --recipe quantization/emotion.prune.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pruned_variant_the_manifest_only_plans_is_refused_naming_what_it_offers()
    {
        ModelDescription emotion = ModelCatalog.Load(CatalogCopy.Create(Path.Combine(_dir, "catalog"), "emotion")).Find("emotion");
        ModelStore store = StoreWith("emotion", "pruned", [3, 1, 4]);

        ModelManifestException e = Assert.Throws<ModelManifestException>(() => store.ReadVariant(emotion, "pruned"));

        Assert.Contains("model 'emotion' has no available 'pruned' variant", e.Message, StringComparison.Ordinal);
        Assert.Contains("(available: fp32, int8)", e.Message, StringComparison.Ordinal);
    }

    private ModelStore StoreWith(string id, string variant, byte[] bytes)
    {
        string folder = Path.Combine(_dir, "store");
        Directory.CreateDirectory(folder);
        string file = $"{id}.{variant}.onnx";
        File.WriteAllBytes(Path.Combine(folder, file), bytes);
        var index = new ModelIndex();
        index.Models.Add(new ModelIndexEntry { Id = id, Variant = variant, File = file, Sha256 = ModelStore.Sha256Hex(bytes), Bytes = bytes.Length });
        File.WriteAllText(Path.Combine(folder, "index.json"), index.ToJson());
        return new ModelStore(folder);
    }
}
