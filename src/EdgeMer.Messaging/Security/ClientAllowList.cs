using System.Collections.Frozen;

namespace EdgeMer.Messaging.Security;

/// <summary>
/// The CURVE client keys allowed to connect, each with a name that becomes the connection's
/// ZAP User-Id (and appears in logs instead of the key). Immutable; replace it to reload.
/// </summary>
public sealed class ClientAllowList
{
    private readonly FrozenDictionary<string, string> _namesByKey;

    public ClientAllowList(IEnumerable<KeyValuePair<string, CurvePublicKey>> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string name, CurvePublicKey key) in clients)
        {
            if (!names.TryAdd(key.Z85Text, name))
            {
                throw new ArgumentException($"client key {key} is listed twice ({names[key.Z85Text]} and {name})", nameof(clients));
            }
        }

        _namesByKey = names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>How many keys are allowed.</summary>
    public int Count => _namesByKey.Count;

    /// <summary>
    /// Loads every public key file (<c>*.key</c>) in <paramref name="directory"/>; the file name
    /// without its suffix is the client's name. Secret key files there are refused, not ignored:
    /// they do not belong on the server.
    /// </summary>
    public static ClientAllowList LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"CURVE client allow-list directory {directory} does not exist");
        }

        var clients = new List<KeyValuePair<string, CurvePublicKey>>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] paths = Directory.GetFiles(directory);
        Array.Sort(paths, StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (path.EndsWith(CurveKeyFile.SecretSuffix, StringComparison.Ordinal))
            {
                throw new CurveKeyFileException(path, "is a secret key; the allow-list holds clients' public keys (*.key) only");
            }

            if (path.EndsWith(CurveKeyFile.PublicSuffix, StringComparison.Ordinal))
            {
                CurvePublicKey key = CurveKeyFile.LoadPublicKey(path);
                if (!files.TryAdd(key.Z85Text, path))
                {
                    // Refused as a whole, like any other bad file in the folder: two names for one client would make its User-Id ambiguous.
                    throw new CurveKeyFileException(path, $"holds the same key as {files[key.Z85Text]}; each client needs a key of its own");
                }

                clients.Add(new(Path.GetFileNameWithoutExtension(path), key));
            }
        }

        return new ClientAllowList(clients);
    }

    /// <summary>
    /// The names of the clients whose keys this list allows and <paramref name="replacement"/> does
    /// not: what replacing this list with it revokes. A key kept under a new name is not revoked.
    /// </summary>
    internal IReadOnlyList<string> ClientsRevokedBy(ClientAllowList replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var revoked = new List<string>();
        foreach ((string key, string name) in _namesByKey)
        {
            if (!replacement._namesByKey.ContainsKey(key))
            {
                revoked.Add(name);
            }
        }

        revoked.Sort(StringComparer.Ordinal);
        return revoked;
    }

    /// <summary>The client's name if <paramref name="key"/> is allowed.</summary>
    public bool TryGetClientName(CurvePublicKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _namesByKey.TryGetValue(key.Z85Text, out name);
    }
}
