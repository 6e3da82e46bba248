using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>Valence/arousal anchors of the shared labels the model's labels map onto, with their source.</summary>
internal sealed class ManifestValenceArousal
{
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    [JsonPropertyName("anchors")]
    public Dictionary<string, ManifestAnchor>? Anchors { get; set; }
}
