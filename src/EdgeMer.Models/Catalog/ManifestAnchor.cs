using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

internal sealed class ManifestAnchor
{
    [JsonPropertyName("valence")]
    public double? Valence { get; set; }

    [JsonPropertyName("arousal")]
    public double? Arousal { get; set; }
}
