namespace EdgeMer.Fleet.Bundles;

/// <summary>One signature over <c>bundle.json</c>: the signing key's id (sha256 of its public key) and the ECDSA P-256 / SHA-256 signature (r‖s, base64).</summary>
public sealed record BundleSignature(string KeyId, string Signature);
