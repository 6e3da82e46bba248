namespace EdgeMer.Fleet.Bundles;

/// <summary>The signatures of a bundle (<c>signatures.json</c>); not signed themselves, each is checked against the trust root.</summary>
public sealed class BundleSignatures
{
    public IReadOnlyList<BundleSignature> Signatures { get; init; } = [];
}
