using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

internal sealed class ManifestVariant
{
    /// <summary><c>fp32</c>, <c>int8</c> or <c>pruned</c>.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary><c>available</c> (built by ./build.sh) or <c>planned</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }
}
