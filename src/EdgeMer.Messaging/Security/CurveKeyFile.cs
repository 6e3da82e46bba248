using System.Runtime.Versioning;
using System.Text;
using EdgeMer.Platform;
using Microsoft.Win32.SafeHandles;

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

    private const int MaxFileBytes = 16 * 1024;

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
    /// Reads a key pair from a secret key file. Like ssh, it refuses a file that anyone but its owner
    /// can read or change, a file owned by another user than the one EdgeMer runs as, and a symbolic
    /// link (whose target could be swapped); and it refuses a public key that does not belong to the
    /// secret one. The error names the file and the reason.
    /// </summary>
    public static CurveKeyPair LoadKeyPair(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Dictionary<string, string> fields = OperatingSystem.IsLinux() ? ReadPrivateFileOnLinux(path)
            : OperatingSystem.IsWindows() ? ReadFields(path)
            : ReadPrivateFileByMode(path);
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
        AtomicFile.WriteText(
            secretPath,
            $"#   ****  Generated on {stamp} by edgemer keys generate  ****\n" +
            "#   ZeroMQ CURVE **Secret** Certificate\n" +
            "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n" +
            "metadata\n    name = \"" + name + "\"\ncurve\n" +
            "    public-key = \"" + keys.PublicKey.Z85Text + "\"\n" +
            "    secret-key = \"" + keys.SecretKey.ToZ85() + "\"\n",
            SecretMode,
            overwrite: false);
        AtomicFile.WriteText(
            publicPath,
            $"#   ****  Generated on {stamp} by edgemer keys generate  ****\n" +
            "#   ZeroMQ CURVE Public Certificate\n" +
            "#   Exchange securely, or use a secure mechanism to verify the contents\n" +
            "#   of this file after exchange.\n\n" +
            "metadata\n    name = \"" + name + "\"\ncurve\n" +
            "    public-key = \"" + keys.PublicKey.Z85Text + "\"\n",
            PublicMode,
            overwrite: false);
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

    /// <summary>
    /// Checks the secret key file's type, owner and mode without following a link, then reads the
    /// very file it checked: the one it opened must be the one it looked at.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static Dictionary<string, string> ReadPrivateFileOnLinux(string path)
    {
        UnixFileStatus before;
        try
        {
            before = CheckPrivate(path, () => UnixFileStatus.TryGetWithoutFollowing(path, out UnixFileStatus found) ? found : null);
        }
        catch (PlatformNotSupportedException) when (UnixFileStatus.EffectiveUserId != 0)
        {
            // No statx (glibc before 2.28 or Linux before 4.11). A process that is not root can read
            // another user's file only through group or other permissions, which the mode check
            // refuses, so the owner check adds nothing for it.
            return ReadPrivateFileByMode(path);
        }

        using SafeFileHandle handle = OpenForReading(path);
        UnixFileStatus opened = CheckPrivate(path, () => UnixFileStatus.Of(handle, path));
        if (opened.Device != before.Device || opened.Inode != before.Inode)
        {
            throw new CurveKeyFileException(path, "was replaced while it was being opened; load it again");
        }

        using var stream = new FileStream(handle, FileAccess.Read);
        return ParseFields(path, stream);
    }

    private static SafeFileHandle OpenForReading(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CurveKeyFileException(path, $"could not be opened: {e.Message}");
        }
    }

    [SupportedOSPlatform("linux")]
    private static UnixFileStatus CheckPrivate(string path, Func<UnixFileStatus?> look)
    {
        UnixFileStatus status;
        try
        {
            status = look() ?? throw new CurveKeyFileException(path, "does not exist");
        }
        catch (IOException e)
        {
            throw new CurveKeyFileException(path, $"cannot be checked before use: {e.Message}");
        }
        catch (PlatformNotSupportedException e) when (UnixFileStatus.EffectiveUserId == 0)
        {
            throw new CurveKeyFileException(path, $"cannot be checked before use: {e.Message}; as root, EdgeMer must see who owns a secret key");
        }

        if (status.IsSymbolicLink)
        {
            string target = new FileInfo(path).LinkTarget ?? "?";
            throw new CurveKeyFileException(path,
                $"is a symbolic link (to {target}); a secret key must be a regular file, not a link whose target can change: put the file itself there");
        }

        if (!status.IsRegularFile)
        {
            throw new CurveKeyFileException(path, "is not a regular file");
        }

        uint user = UnixFileStatus.EffectiveUserId;
        if (status.OwnerId != user)
        {
            throw new CurveKeyFileException(path,
                $"is owned by uid {status.OwnerId}, not by uid {user} that EdgeMer runs as; a secret key must belong to its user: chown {user} '{path}'");
        }

        CheckMode(path, status.Mode);
        return status;
    }

    /// <summary>Where the owner cannot be read (neither Linux nor Windows): the mode and link checks only.</summary>
    [UnsupportedOSPlatform("windows")]
    private static Dictionary<string, string> ReadPrivateFileByMode(string path)
    {
        if (File.Exists(path))
        {
            if (new FileInfo(path).LinkTarget is { } target)
            {
                throw new CurveKeyFileException(path,
                    $"is a symbolic link (to {target}); a secret key must be a regular file, not a link whose target can change: put the file itself there");
            }

            CheckMode(path, File.GetUnixFileMode(path));
        }

        return ReadFields(path);
    }

    private static void CheckMode(string path, UnixFileMode mode)
    {
        if ((mode & TooOpen) != 0)
        {
            throw new CurveKeyFileException(path,
                $"is accessible to other users (mode {FormatMode(mode)}); a secret key must be private: chmod 600 '{path}'");
        }
    }

    private static Dictionary<string, string> ReadFields(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new CurveKeyFileException(path, "does not exist");
        }

        using FileStream stream = File.OpenRead(path);
        return ParseFields(path, stream);
    }

    private static Dictionary<string, string> ParseFields(string path, FileStream stream)
    {
        if (stream.Length > MaxFileBytes)
        {
            throw new CurveKeyFileException(path, $"is {stream.Length} bytes; a key file is a few hundred");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } raw)
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
