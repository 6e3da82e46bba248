using System.Security.Cryptography;
using System.Text.Json;
using EdgeMer.Fleet.Bundles;
using EdgeMer.Platform;

namespace EdgeMer.Fleet.Trust;

/// <summary>
/// The keys a device trusts to sign bundles and the threshold: how many distinct keys of them must
/// have signed. Read from <c>trust.json</c> on the device (installed with EdgeMer, not by a bundle).
/// </summary>
public sealed class TrustRoot : IDisposable
{
    private readonly Dictionary<string, SigningKey> _keys;

    public TrustRoot(int threshold, IEnumerable<SigningKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (SigningKey key in keys)
        {
            if (!_keys.TryAdd(key.KeyId, key))
            {
                throw new ArgumentException($"key {key.KeyId} is listed twice", nameof(keys));
            }
        }

        if (threshold < 1 || threshold > _keys.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"the threshold must be 1 to the number of keys ({_keys.Count})");
        }

        Threshold = threshold;
    }

    public int Threshold { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Reads a trust root file; an error naming the file and the problem.</summary>
    public static TrustRoot Read(string path)
    {
        TrustRootDocument document;
        try
        {
            using FileStream stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize(stream, FleetJsonContext.Default.TrustRootDocument) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"trust root {path} is malformed: {e.Message}", e);
        }

        var keys = new List<SigningKey>();
        try
        {
            foreach (TrustedKey trusted in document.Keys)
            {
                SigningKey key = SigningKey.FromPublicKey(Convert.FromBase64String(trusted.PublicKey));
                keys.Add(key);
                if (key.KeyId != trusted.KeyId)
                {
                    throw new InvalidDataException($"trust root {path}: key id {trusted.KeyId} does not match its public key (whose id is {key.KeyId})");
                }
            }

            return new TrustRoot(document.Threshold, keys);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            foreach (SigningKey key in keys)
            {
                key.Dispose();
            }

            throw new InvalidDataException($"trust root {path}: {e.Message}", e);
        }
        catch
        {
            foreach (SigningKey key in keys)
            {
                key.Dispose();
            }

            throw;
        }
    }

    /// <summary>Writes a trust root file for <paramref name="keys"/> (public halves only).</summary>
    public static void Write(string path, int threshold, IReadOnlyList<SigningKey> keys)
    {
        using var root = new TrustRoot(threshold, keys.Select(k => SigningKey.FromPublicKey(k.PublicKey)));
        var document = new TrustRootDocument
        {
            Threshold = threshold,
            Keys = [.. keys.Select(k => new TrustedKey(k.KeyId, Convert.ToBase64String(k.PublicKey)))],
        };
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(document, FleetJsonContext.Default.TrustRootDocument));
    }

    /// <summary>
    /// The distinct trusted keys whose signature over <paramref name="metadata"/> is valid; throws
    /// (signature refusal) when they are fewer than the threshold, saying how many of which kind it found.
    /// </summary>
    public IReadOnlyList<string> CheckSignatures(ReadOnlySpan<byte> metadata, IReadOnlyList<BundleSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var valid = new List<string>();
        int unknown = 0;
        int invalid = 0;
        foreach (BundleSignature signature in signatures)
        {
            if (!_keys.TryGetValue(signature.KeyId ?? string.Empty, out SigningKey? key))
            {
                unknown++;
                continue;
            }

            if (valid.Contains(key.KeyId))
            {
                // A key counts once, however many times it signed.
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(signature.Signature ?? string.Empty);
            }
            catch (FormatException)
            {
                invalid++;
                continue;
            }

            if (key.Verify(metadata, bytes))
            {
                valid.Add(key.KeyId);
            }
            else
            {
                invalid++;
            }
        }

        if (valid.Count < Threshold)
        {
            throw new BundleRefusedException(
                BundleRefusal.Signature,
                $"bundle signatures: {valid.Count} valid from distinct trusted keys, {Threshold} required ({signatures.Count} given: {unknown} by unknown keys, {invalid} invalid)");
        }

        return valid;
    }

    public void Dispose()
    {
        foreach (SigningKey key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
