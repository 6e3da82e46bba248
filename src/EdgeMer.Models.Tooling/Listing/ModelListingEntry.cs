using System.Text.Json.Serialization;

using EdgeMer.Models.Catalog;

namespace EdgeMer.Models.Tooling.Listing;

/// <summary>One catalogued model in <see cref="ModelListing"/>.</summary>
public sealed class ModelListingEntry
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("modality")]
    public required string Modality { get; init; }

    [JsonPropertyName("task")]
    public required string Task { get; init; }

    /// <summary>The manifest's licence: its name, the texts and notices shipped with it, notes.</summary>
    [JsonPropertyName("license")]
    public required ModelListingLicense License { get; init; }

    /// <summary><c>tfjs-graph</c> (converted) or <c>onnx</c> (used as published).</summary>
    [JsonPropertyName("sourceFormat")]
    public required string SourceFormat { get; init; }

    /// <summary><c>npm:&lt;package&gt;@&lt;version&gt;/&lt;path&gt;</c>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("upstream")]
    public string? Upstream { get; init; }

    [JsonPropertyName("variants")]
    public required IReadOnlyList<ModelListingVariant> Variants { get; init; }

    /// <summary>The store's index entry of the fp32 file; null when it is not built.</summary>
    [JsonPropertyName("built")]
    public ModelIndexEntry? Built { get; init; }

    /// <summary>The full path of the built fp32 file; null when it is not built.</summary>
    [JsonPropertyName("builtPath")]
    public string? BuiltPath { get; init; }
}
