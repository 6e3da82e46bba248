using System.Security.Cryptography;

namespace EdgeMer.Fleet.Trust;

/// <summary>
/// An ECDSA P-256 key that signs bundles, or only its public half that checks them. Its id is the
/// sha256 (hex) of its public key's SubjectPublicKeyInfo, so the same key always has the same id and
/// a device counts each key once however often it signed.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key, bool hasPrivateKey)
    {
        _key = key;
        HasPrivateKey = hasPrivateKey;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        KeyId = IdOf(PublicKey);
    }

    public string KeyId { get; }

    /// <summary>The public key as DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKey { get; }

    public bool HasPrivateKey { get; }

    /// <summary>A new key.</summary>
    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), hasPrivateKey: true);

    /// <summary>The key id of a DER SubjectPublicKeyInfo.</summary>
    public static string IdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>A public key from DER SubjectPublicKeyInfo; an error unless it is a P-256 key.</summary>
    public static SigningKey FromPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out int read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new CryptographicException("trailing bytes after the public key");
            }

            return Checked(key, hasPrivateKey: false);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A key from a PEM file: <c>PRIVATE KEY</c> (PKCS#8) signs, <c>PUBLIC KEY</c> only checks; an error naming the file otherwise.</summary>
    public static SigningKey ReadPem(string path)
    {
        string pem = File.ReadAllText(path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            bool hasPrivate = pem.Contains("PRIVATE KEY", StringComparison.Ordinal);
            return Checked(key, hasPrivate);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new CryptographicException($"{path} is not an ECDSA P-256 key in PEM form: {e.Message}", e);
        }
    }

    /// <summary>Writes the private key (<c>NAME.key_secret.pem</c>, owner-only) and the public key (<c>NAME.key.pem</c>); never overwrites.</summary>
    public (string PublicPath, string PrivatePath) WritePem(string folder, string name)
    {
        if (!HasPrivateKey)
        {
            throw new InvalidOperationException("only the public key is known");
        }

        Directory.CreateDirectory(folder);
        string publicPath = Path.Combine(folder, $"{name}.key.pem");
        string privatePath = Path.Combine(folder, $"{name}.key_secret.pem");
        foreach (string path in (string[])[publicPath, privatePath])
        {
            if (File.Exists(path))
            {
                throw new IOException($"{path} exists; key files are never overwritten");
            }
        }

        Platform.AtomicFile.WriteText(privatePath, _key.ExportPkcs8PrivateKeyPem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite, overwrite: false);
        Platform.AtomicFile.WriteText(publicPath, PublicPem + "\n", overwrite: false);
        return (publicPath, privatePath);
    }

    /// <summary>The public key in PEM form.</summary>
    public string PublicPem => PemEncoding.WriteString("PUBLIC KEY", PublicKey);

    /// <summary>Signs <paramref name="data"/> (ECDSA P-256, SHA-256, r‖s).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        HasPrivateKey ? _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) : throw new InvalidOperationException($"key {KeyId} has no private key to sign with");

    /// <summary>Whether <paramref name="signature"/> is this key's over <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();

    private static SigningKey Checked(ECDsa key, bool hasPrivateKey)
    {
        if (key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException($"the key is on curve {key.ExportParameters(false).Curve.Oid?.FriendlyName ?? "(unnamed)"}, not P-256");
        }

        return new SigningKey(key, hasPrivateKey);
    }
}
