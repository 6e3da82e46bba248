using EdgeMer.Models.Catalog;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tests;

/// <summary>A device runs a model's int8 variant only when its manifest offers it and the built file is the one the manifest names.</summary>
public sealed class ModelVariantTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-variants-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_emotion_manifest_offers_its_int8_variant_with_the_recipe_that_builds_it_and_leaves_its_sha256_to_the_store()
    {
        ModelDescription emotion = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models")).Find("emotion");

        ModelVariant int8 = Assert.Single(emotion.Variants, v => v.Name == VariantName.Int8);
        Assert.True(int8.Available);
        Assert.Null(int8.Sha256);
        Assert.Equal("quantization/emotion.json", int8.Recipe);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, int8.Recipe!)));
    }

    [Fact]
    public void An_unpinned_variant_reads_as_the_store_index_records_it()
    {
        ModelDescription emotion = ModelCatalog.Load(CatalogCopy.Create(Path.Combine(_dir, "catalog"), "emotion")).Find("emotion");
        ModelStore store = StoreWith("emotion", "int8", [7, 8, 9]);

        VerifiedModel file = store.ReadVariant(emotion, "int8");

        Assert.Equal([7, 8, 9], file.Bytes);
        Assert.Equal(ModelStore.Sha256Hex([7, 8, 9]), file.Sha256);
    }

    [Fact]
    public void A_variant_file_whose_sha256_differs_from_the_one_its_manifest_pins_is_refused_saying_how_to_rebuild_it()
    {
        string catalog = CatalogCopy.Create(Path.Combine(_dir, "catalog"), "emotion");
        string manifest = Path.Combine(catalog, "emotion.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(
            "\"name\": \"int8\", \"status\": \"available\",", $"\"name\": \"int8\", \"status\": \"available\", \"sha256\": \"{new string('0', 64)}\",", StringComparison.Ordinal));
        ModelDescription emotion = ModelCatalog.Load(catalog).Find("emotion");
        ModelStore store = StoreWith("emotion", "int8", [1, 2, 3]);

        ModelManifestException e = Assert.Throws<ModelManifestException>(() => store.ReadVariant(emotion, "int8"));

        Assert.Contains("(emotion int8) has sha256 " + ModelStore.Sha256Hex([1, 2, 3]), e.Message, StringComparison.Ordinal);
        Assert.Contains("edgemer models quantize --recipe quantization/emotion.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variant_the_manifest_does_not_offer_is_refused_naming_what_it_offers()
    {
        ModelDescription iris = ModelCatalog.Load(CatalogCopy.Create(Path.Combine(_dir, "catalog"), "iris")).Find("iris");
        ModelStore store = StoreWith("iris", "pruned", [1, 2, 3]);

        ModelManifestException e = Assert.Throws<ModelManifestException>(() => store.ReadVariant(iris, "pruned"));

        Assert.Contains("model 'iris' has no available 'pruned' variant", e.Message, StringComparison.Ordinal);
        Assert.Contains("(available: fp32, int8)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fp32_variant_reads_as_the_index_records_it()
    {
        ModelDescription iris = ModelCatalog.Load(CatalogCopy.Create(Path.Combine(_dir, "catalog"), "iris")).Find("iris");
        ModelStore store = StoreWith("iris", "fp32", [4, 5, 6]);

        VerifiedModel file = store.ReadVariant(iris, "fp32");

        Assert.Equal([4, 5, 6], file.Bytes);
        Assert.Equal("fp32", file.Variant);
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
