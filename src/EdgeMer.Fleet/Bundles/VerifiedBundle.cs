namespace EdgeMer.Fleet.Bundles;

/// <summary>A bundle that passed every check: its metadata, the trusted keys that signed it, and where its files were staged (null when only checked).</summary>
public sealed record VerifiedBundle(BundleMetadata Metadata, IReadOnlyList<string> SignedBy, string? StagedIn);
