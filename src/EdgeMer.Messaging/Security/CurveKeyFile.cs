using System.Text;

namespace EdgeMer.Messaging.Security;

/// <summary>
/// CURVE key files in the ZeroMQ certificate format (CZMQ's zcert, read by pyzmq's
/// <c>zmq.auth.load_certificate</c>): <c>NAME.key</c> holds the public key and may be shared;
/// <c>NAME.key_secret</c> holds both keys and must be readable by its owner only.
/// </summary>
public static class CurveKeyFile
{
    /// <summary>File name suffix of a public key file.</summary>
    public const string PublicSuffix = ".key";

    /// <summary>File name suffix of a secret key file.</summary>
    public const string SecretSuffix = ".key_secret";

    private const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode PublicMode = SecretMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    // Anything beyond the owner's own access makes a secret key file unacceptable (as ssh does).
    private const UnixFileMode TooOpen = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads the public key from a public or secret key file.</summary>
    public static CurvePublicKey LoadPublicKey(string path)
    {
        Dictionary<string, string> fields = ReadFields(path);
        if (!fields.TryGetValue("public-key", out string? text))
        {
            throw new CurveKeyFileException(path, "has no public-key line");
        }

        return CurvePublicKey.TryParse(text, out CurvePublicKey? key)
            ? key
            : throw new CurveKeyFileException(path, $"public-key is not a 40-character Z85 key ({text.Length} characters)");
    }

    /// <summary>
    /// Reads a key pair from a secret key file, refusing a file that anyone but its owner can read
    /// or change, and a public key that does not belong to the secret one.
    /// </summary>
    public static CurveKeyPair LoadKeyPair(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if ((mode & TooOpen) != 0)
            {
                throw new CurveKeyFileException(path,
                    $"is accessible to other users (mode {FormatMode(mode)}); a secret key must be private: chmod 600 '{path}'");
            }
        }

        Dictionary<string, string> fields = ReadFields(path);
        if (!fields.TryGetValue("secret-key", out string? secretText))
        {
            throw new CurveKeyFileException(path, $"has no secret-key line (is it the public file? secret key files end in {SecretSuffix})");
        }

        CurveSecretKey secret;
        try
        {
            secret = CurveSecretKey.Parse(secretText);
        }
        catch (FormatException e)
        {
            throw new CurveKeyFileException(path, $"secret-key: {e.Message}");
        }

        CurveKeyPair pair = CurveKeyPair.FromSecretKey(secret);
        if (fields.TryGetValue("public-key", out string? publicText) && !string.Equals(publicText, pair.PublicKey.Z85Text, StringComparison.Ordinal))
        {
            throw new CurveKeyFileException(path, "public-key does not belong to its secret-key");
        }

        return pair;
    }

    /// <summary>
    /// Writes <c>NAME.key</c> (mode 0644) and <c>NAME.key_secret</c> (0600) into <paramref name="directory"/>.
    /// Each file is written to a temporary name and renamed, so a crash leaves no half-written key; an
    /// existing key is never overwritten.
    /// </summary>
    public static (string PublicPath, string SecretPath) Write(CurveKeyPair keys, string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !IsSafeName(name))
        {
            throw new ArgumentException($"key name '{name}' must be 1-64 characters of letters, digits, '.', '_' or '-'", nameof(name));
        }

        Directory.CreateDirectory(directory);
        string publicPath = Path.Combine(directory, name + PublicSuffix);
        string secretPath = Path.Combine(directory, name + SecretSuffix);
        foreach (string path in new[] { publicPath, secretPath })
        {
            if (File.Exists(path))
            {
                throw new IOException($"{path} already exists; EdgeMer does not overwrite keys (move it away first)");
            }
        }

        string stamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        WriteAtomically(secretPath, SecretMode,
            $"#   ****  Generated on {stamp} by edgemer keys generate  ****\n" +
            "#   ZeroMQ CURVE **Secret** Certificate\n" +
            "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n" +
            "metadata\n    name = \"" + name + "\"\ncurve\n" +
            "    public-key = \"" + keys.PublicKey.Z85Text + "\"\n" +
            "    secret-key = \"" + keys.SecretKey.ToZ85() + "\"\n");
        WriteAtomically(publicPath, PublicMode,
            $"#   ****  Generated on {stamp} by edgemer keys generate  ****\n" +
            "#   ZeroMQ CURVE Public Certificate\n" +
            "#   Exchange securely, or use a secure mechanism to verify the contents\n" +
            "#   of this file after exchange.\n\n" +
            "metadata\n    name = \"" + name + "\"\ncurve\n" +
            "    public-key = \"" + keys.PublicKey.Z85Text + "\"\n");
        return (publicPath, secretPath);
    }

    internal static bool IsSafeName(string name)
    {
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return name[0] != '.';
    }

    private static void WriteAtomically(string path, UnixFileMode mode, string content)
    {
        string temporary = path + $".tmp{Environment.ProcessId}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // The mode is set at creation, so the secret is never briefly readable by others.
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static Dictionary<string, string> ReadFields(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new CurveKeyFileException(path, "does not exist");
        }

        var info = new FileInfo(path);
        if (info.Length > 16 * 1024)
        {
            throw new CurveKeyFileException(path, $"is {info.Length} bytes; a key file is a few hundred");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string raw in File.ReadAllLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line is "metadata" or "curve")
            {
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CurveKeyFileException(path, $"line {lineNumber} is not 'name = \"value\"'");
            }

            string key = line[..equals].Trim();
            string value = line[(equals + 1)..].Trim().Trim('"', '\'');
            fields[key] = value;
        }

        return fields;
    }

    private static string FormatMode(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);
}
