using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>One built model file.</summary>
public sealed class ModelIndexEntry
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("variant")]
    public string Variant { get; set; } = "";

    /// <summary>The file name, relative to the index.</summary>
    [JsonPropertyName("file")]
    public string File { get; set; } = "";

    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = "";

    [JsonPropertyName("bytes")]
    public long Bytes { get; set; }

    /// <summary>sha256 over the source files' sha256s, so a changed source triggers a rebuild.</summary>
    [JsonPropertyName("sourceSha256")]
    public string SourceSha256 { get; set; } = "";

    [JsonPropertyName("converterVersion")]
    public string ConverterVersion { get; set; } = "";
}
