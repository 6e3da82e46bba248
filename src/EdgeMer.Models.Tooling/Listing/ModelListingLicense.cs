using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Listing;

/// <summary>A model's licence in <see cref="ModelListing"/>: its name, the texts and notices shipped with it, notes.</summary>
public sealed record ModelListingLicense(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("notes")] string? Notes);
