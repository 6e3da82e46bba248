using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Listing;

/// <summary>A variant in <see cref="ModelListing"/>: its name and whether the build makes it (<c>available</c>) or not yet (<c>planned</c>).</summary>
public sealed record ModelListingVariant(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status);
