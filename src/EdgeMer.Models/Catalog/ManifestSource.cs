using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>The pinned source: an npm package (as in downloads.lock) and the model's files inside it.</summary>
internal sealed class ManifestSource
{
    /// <summary><c>tfjs-graph</c> (converted by the importer) or <c>onnx</c> (used as it is).</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("npmPackage")]
    public string? NpmPackage { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>sha256 of the package tarball; must match downloads.lock.</summary>
    [JsonPropertyName("packageSha256")]
    public string? PackageSha256 { get; set; }

    /// <summary>The model file inside the package (model.json or .onnx).</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; set; }

    /// <summary>Further files the model reads (weight shards), each pinned by sha256.</summary>
    [JsonPropertyName("files")]
    public List<ManifestFile>? Files { get; set; }

    [JsonPropertyName("upstream")]
    public string? Upstream { get; set; }
}
