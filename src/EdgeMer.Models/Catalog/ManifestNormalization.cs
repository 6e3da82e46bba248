using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>value = sample * scale + offset, where a sample is a 0..255 pixel or a -1..1 audio sample.</summary>
internal sealed class ManifestNormalization
{
    [JsonPropertyName("scale")]
    public double? Scale { get; set; }

    [JsonPropertyName("offset")]
    public double? Offset { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }
}
