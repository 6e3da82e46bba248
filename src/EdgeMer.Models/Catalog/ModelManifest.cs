using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>
/// One model of the catalog (<c>models/&lt;id&gt;.json</c>): where it comes from, its licence, how its
/// inputs are laid out and normalised, what its outputs mean, how its labels map onto EdgeMer's
/// shared emotion labels and valence/arousal, and which variants exist. See models/README.md.
/// </summary>
internal sealed class ModelManifest
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("task")]
    public string? Task { get; set; }

    [JsonPropertyName("modality")]
    public string? Modality { get; set; }

    [JsonPropertyName("license")]
    public ManifestLicense? License { get; set; }

    [JsonPropertyName("source")]
    public ManifestSource? Source { get; set; }

    [JsonPropertyName("inputs")]
    public List<ManifestInput>? Inputs { get; set; }

    [JsonPropertyName("outputs")]
    public List<ManifestOutput>? Outputs { get; set; }

    /// <summary>The model's own class labels, in output order; null for models without classes.</summary>
    [JsonPropertyName("labels")]
    public List<string>? Labels { get; set; }

    /// <summary>Model label → shared emotion label (<see cref="EdgeMer.Affect.EmotionLabels"/>).</summary>
    [JsonPropertyName("emotionMapping")]
    public Dictionary<string, string>? EmotionMapping { get; set; }

    [JsonPropertyName("valenceArousal")]
    public ManifestValenceArousal? ValenceArousal { get; set; }

    [JsonPropertyName("variants")]
    public List<ManifestVariant>? Variants { get; set; }

    [JsonPropertyName("verification")]
    public ManifestVerification? Verification { get; set; }
}
