using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>The generated index of built models (<c>index.json</c> beside them): one entry per file, with its sha256.</summary>
public sealed class ModelIndex
{
    [JsonPropertyName("converterVersion")]
    public string ConverterVersion { get; set; } = "";

    [JsonPropertyName("models")]
    public List<ModelIndexEntry> Models { get; set; } = [];

    /// <summary>The index as <c>index.json</c> holds it.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, CatalogJsonContext.Default.ModelIndex);
}
