using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

internal sealed class ManifestOutput
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The tensor in the source model (<c>Identity_3:0</c>).</summary>
    [JsonPropertyName("sourceName")]
    public string? SourceName { get; set; }

    [JsonPropertyName("shape")]
    public List<System.Text.Json.JsonElement>? Shape { get; set; }

    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    [JsonPropertyName("meaning")]
    public string? Meaning { get; set; }
}
