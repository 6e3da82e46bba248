using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

internal sealed class ManifestFile
{
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; set; }
}
