using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeMer.Affect;

using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Import.TfJs;

namespace EdgeMer.Models.Tooling.Listing;

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
        foreach (ModelDescription model in catalog.Models)
        {
            ModelIndexEntry? built = index.Models.Find(e => e.Id == model.Id && e.Variant == ModelStore.Fp32);
            ModelSource source = model.Source;
            models.Add(new ModelListingEntry
            {
                Id = model.Id,
                Title = model.Title,
                Modality = Modalities.Name(model.Modality),
                Task = ModelDescription.NameOf(model.Task),
                License = new ModelListingLicense(model.License.Name, model.License.Files, model.License.Notes),
                SourceFormat = source.Format == ModelSourceFormat.Onnx ? "onnx" : "tfjs-graph",
                Source = $"npm:{source.NpmPackage}@{source.Version}/{source.Model.Path}",
                Upstream = source.Upstream,
                Variants = [.. model.Variants.Select(v => new ModelListingVariant(ModelVariant.NameOf(v.Name), v.Available ? "available" : "planned"))],
                Built = built,
                BuiltPath = built is null ? null : Path.Combine(store.Folder, built.File),
            });
        }

        return new ModelListing
        {
            Catalog = Path.GetFullPath(catalog.Folder),
            Store = store.Folder,
            Index = store.IndexPath,
            ConverterVersion = TfJsImporter.ConverterVersion,
            Models = models,
        };
    }

    /// <summary>The listing as the JSON document <c>edgemer models list --json</c> prints.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ListingJsonContext.Default.ModelListing);
}
