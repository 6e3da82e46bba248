namespace EdgeMer.Fleet.Bundles;

/// <summary>One file a bundle carries: its path inside the bundle, its sha256 (lower-case hex) and its size in bytes.</summary>
public sealed record BundleFile(string Path, string Sha256, long Size);
