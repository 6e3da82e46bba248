namespace EdgeMer.Fleet.Bundles;

/// <summary>What a bundle says about itself, read without trusting it (for <c>edgemer bundle inspect</c>): its metadata, its raw bytes, and the signatures given.</summary>
public sealed record BundleContents(BundleMetadata Metadata, byte[] MetadataBytes, IReadOnlyList<BundleSignature> Signatures);
