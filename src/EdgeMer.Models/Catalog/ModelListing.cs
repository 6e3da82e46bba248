using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>What <c>edgemer models list</c> reports: every catalogued model, its licence, and its built file in the store.</summary>
public sealed class ModelListing
{
    /// <summary>The catalog folder the manifests were read from.</summary>
    [JsonPropertyName("catalog")]
    public required string Catalog { get; init; }

    /// <summary>The store folder of built models.</summary>
    [JsonPropertyName("store")]
    public required string Store { get; init; }

    [JsonPropertyName("index")]
    public required string Index { get; init; }

    /// <summary>The version of the converter this edgemer carries; a built model with another was made by another build.</summary>
    [JsonPropertyName("converterVersion")]
    public required string ConverterVersion { get; init; }

    [JsonPropertyName("models")]
    public required IReadOnlyList<ModelListingEntry> Models { get; init; }

    /// <summary>The listing of <paramref name="catalog"/> against what <paramref name="store"/> has built.</summary>
    public static ModelListing Create(ModelCatalog catalog, ModelStore store)
    {
        ModelIndex index = store.ReadIndex();
        var models = new List<ModelListingEntry>(catalog.Models.Count);
        foreach (ModelManifest manifest in catalog.Models)
        {
            ModelIndexEntry? built = index.Models.Find(e => e.Id == manifest.Id && e.Variant == ModelStore.Fp32);
            ManifestSource source = manifest.Source!;
            models.Add(new ModelListingEntry
            {
                Id = manifest.Id!,
                Title = manifest.Title!,
                Modality = manifest.Modality!,
                Task = manifest.Task!,
                License = manifest.License!,
                SourceFormat = source.Format!,
                Source = $"npm:{source.NpmPackage}@{source.Version}/{source.Path}",
                Upstream = source.Upstream,
                Variants = manifest.Variants!,
                Built = built,
                BuiltPath = built is null ? null : Path.Combine(store.Folder, built.File),
            });
        }

        return new ModelListing
        {
            Catalog = Path.GetFullPath(catalog.Folder),
            Store = store.Folder,
            Index = store.IndexPath,
            ConverterVersion = Import.TfJs.TfJsImporter.ConverterVersion,
            Models = models,
        };
    }

    /// <summary>The listing as the JSON document <c>edgemer models list --json</c> prints.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CatalogJsonContext.Default.ModelListing);
}
