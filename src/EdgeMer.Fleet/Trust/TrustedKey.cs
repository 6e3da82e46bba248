namespace EdgeMer.Fleet.Trust;

/// <summary>One trusted key in a trust root document: its id and its public key (DER SubjectPublicKeyInfo, base64).</summary>
public sealed record TrustedKey(string KeyId, string PublicKey);
