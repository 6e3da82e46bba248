using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Perception.Voice;
using EdgeMer.Testing;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// The voice pipeline's VAD loads the variant a device profile chooses, as the face and pose models
/// do: from the store, only with the sha256 its index recorded, refused naming the variant when the
/// store lacks it.
/// </summary>
[Collection(VoiceModelsGroup.Name)]
public sealed class VoiceActivityVariantTests(VoiceModelsFixture models) : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"edgemer-vad-variant-{Guid.NewGuid():N}");

    [Fact]
    public void The_int8_variant_in_the_store_is_the_one_loaded()
    {
        ModelStore store = StoreWithInt8(models.Store.ReadVerified(SileroVoiceActivityModel.CatalogId).Bytes);
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        float[] frame = TestAudio.Trim(TestAudio.Speech("Nobody knew where the yellow van was going.", "en"))[..512];
        using SileroVoiceActivityModel fp32 = models.Vad();
        using SileroVoiceActivityModel int8 = SileroVoiceActivityModel.Load(models.Environment, models.Catalog, store, options, "int8");

        Assert.Equal(fp32.Probability(frame), int8.Probability(frame));
        File.Delete(store.ModelPath(SileroVoiceActivityModel.CatalogId, "int8"));
        Assert.Throws<ModelManifestException>(() => SileroVoiceActivityModel.Load(models.Environment, models.Catalog, store, options, "int8"));
    }

    [Fact]
    public void A_variant_the_store_has_not_built_is_refused_naming_it()
    {
        ModelStore store = StoreWithInt8(null);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() =>
            SileroVoiceActivityModel.Load(models.Environment, models.Catalog, store, null, "int8"));

        Assert.Contains("int8", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    /// <summary>A store holding the fp32 VAD and, when given, <paramref name="int8"/> as its int8 variant (the fp32 bytes: what is checked is which file is read).</summary>
    private ModelStore StoreWithInt8(byte[]? int8)
    {
        Directory.CreateDirectory(_store);
        string source = models.Store.ModelPath(SileroVoiceActivityModel.CatalogId);
        File.Copy(source, Path.Combine(_store, Path.GetFileName(source)));
        var builder = new ModelStoreBuilder(_store, Path.Combine(RepoPaths.Cache, "npm"));
        File.Copy(models.Store.IndexPath, builder.IndexPath);
        if (int8 is not null)
        {
            builder.AddVariant(SileroVoiceActivityModel.CatalogId, "int8", int8, "test");
        }

        return new ModelStore(_store);
    }
}
