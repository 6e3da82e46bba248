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

    /// <summary>The sha256 of the variant's built file (int8 and pruned, which the quantization tool builds deterministically).</summary>
    [JsonPropertyName("sha256")]
    public string? Sha256 { get; set; }

    /// <summary>How the variant is built (the recipe, relative to the repository).</summary>
    [JsonPropertyName("recipe")]
    public string? Recipe { get; set; }
}
