namespace EdgeMer.Fleet.Bundles;

/// <summary>
/// The bounds every bundle is read within, so a hostile or broken archive cannot exhaust memory or
/// disk before it is refused. The defaults fit the catalog's models many times over.
/// </summary>
public sealed record BundleLimits
{
    public static BundleLimits Default { get; } = new();

    /// <summary><c>bundle.json</c>, read into memory before its signatures are checked.</summary>
    public int MaxMetadataBytes { get; init; } = 1 << 20;

    /// <summary><c>signatures.json</c>.</summary>
    public int MaxSignaturesBytes { get; init; } = 64 << 10;

    public int MaxSignatures { get; init; } = 32;

    public int MaxFiles { get; init; } = 4096;

    public int MaxPathLength { get; init; } = 200;

    public long MaxFileBytes { get; init; } = 1L << 30;

    public long MaxTotalBytes { get; init; } = 4L << 30;
}
