using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>The licence the model is used under, and the licence texts and notices that travel with it.</summary>
internal sealed class ManifestLicense
{
    /// <summary>The SPDX identifier of the model's own licence, as its upstream publishes it (<c>Apache-2.0</c>, <c>MIT</c>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>
    /// The licence texts and notices shipped with the model, as paths relative to the catalog folder
    /// (<c>licenses/Apache-2.0.txt</c>, <c>licenses/NOTICE</c>): they travel wherever the manifest and the
    /// built model go (beside the executable, into the model store).
    /// </summary>
    [JsonPropertyName("files")]
    public List<string>? Files { get; set; }

    [JsonPropertyName("notes")]
    public string? Notes { get; set; }
}
