using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>The licence the model is used under.</summary>
public sealed class ManifestLicense
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("notes")]
    public string? Notes { get; set; }
}
