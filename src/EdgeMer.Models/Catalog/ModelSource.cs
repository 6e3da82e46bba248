namespace EdgeMer.Models.Catalog;

/// <summary>Where a model comes from: an npm package pinned in downloads.lock, and the model's files inside it.</summary>
public sealed record ModelSource
{
    public required ModelSourceFormat Format { get; init; }

    public required string NpmPackage { get; init; }

    public required string Version { get; init; }

    /// <summary>sha256 of the package tarball; must match downloads.lock.</summary>
    public required string PackageSha256 { get; init; }

    /// <summary>The model file (model.json or .onnx).</summary>
    public required ModelSourceFile Model { get; init; }

    /// <summary>Further files the model reads (weight shards).</summary>
    public required IReadOnlyList<ModelSourceFile> Files { get; init; }

    public string? Upstream { get; init; }
}
