namespace EdgeMer.Fleet.Bundles;

/// <summary>
/// What a bundle's signatures cover (<c>bundle.json</c>, signed as the exact bytes in the archive):
/// the format, a version that only ever increases, when it was made and when it expires, and every
/// file with its sha256 and size.
/// </summary>
public sealed class BundleMetadata
{
    /// <summary>The one format this reader knows.</summary>
    public const string CurrentFormat = "edgemer-bundle/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>Increases with every bundle; a device refuses one not newer than the last it accepted.</summary>
    public long Version { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>After this a device refuses the bundle (so an old, signed bundle cannot be replayed forever).</summary>
    public DateTimeOffset Expires { get; init; }

    /// <summary>Free text for people (what changed); not interpreted.</summary>
    public string? Description { get; init; }

    public IReadOnlyList<BundleFile> Files { get; init; } = [];
}
