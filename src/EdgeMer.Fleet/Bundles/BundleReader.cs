using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeMer.Fleet.Trust;

namespace EdgeMer.Fleet.Bundles;

/// <summary>
/// Reads a bundle archive and refuses it at the first check it fails, in this order: the archive's
/// size, the metadata and signatures entries (bounded), the signatures against the trust root, the
/// format, the version against the last accepted one, the expiry, the file list (safe paths, sizes,
/// no duplicates), then every file's size and sha256 as it is copied into the staging folder. Nothing
/// of a bundle whose signatures fail is written anywhere; a bundle refused while its files are being
/// staged leaves no staging folder behind.
/// </summary>
public static class BundleReader
{
    private const int TarOverheadPerEntry = 3 * 512;

    /// <summary>The bundle's metadata and signatures, read without checking them (bounded and parsed safely all the same).</summary>
    public static BundleContents Inspect(string archive, BundleLimits? limits = null)
    {
        limits ??= BundleLimits.Default;
        using FileStream stream = OpenBounded(archive, limits);
        using var reader = new TarReader(stream);
        (byte[] metadataBytes, BundleSignatures signatures) = ReadHeader(reader, limits);
        return new BundleContents(ParseMetadata(metadataBytes), metadataBytes, signatures.Signatures);
    }

    /// <summary>
    /// Checks the bundle at <paramref name="archive"/> against <paramref name="trust"/>, the last
    /// accepted version and the time now, and stages its files into <paramref name="stageTo"/> (a
    /// folder that must not exist yet; null to check the files without keeping them). Throws
    /// <see cref="BundleRefusedException"/> naming the first problem.
    /// </summary>
    public static VerifiedBundle Verify(string archive, TrustRoot trust, long lastAccepted, DateTimeOffset now, string? stageTo = null, BundleLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(trust);
        limits ??= BundleLimits.Default;
        using FileStream stream = OpenBounded(archive, limits);
        using var reader = new TarReader(stream);
        (byte[] metadataBytes, BundleSignatures signatures) = ReadHeader(reader, limits);
        IReadOnlyList<string> signedBy = trust.CheckSignatures(metadataBytes, signatures.Signatures);
        BundleMetadata metadata = ParseMetadata(metadataBytes);
        if (metadata.Version <= lastAccepted)
        {
            throw new BundleRefusedException(BundleRefusal.OldVersion, $"bundle version {metadata.Version} is not newer than the version this device last accepted ({lastAccepted})");
        }

        if (now >= metadata.Expires)
        {
            throw new BundleRefusedException(BundleRefusal.Expired, $"bundle version {metadata.Version} expired at {metadata.Expires:O} (now {now:O})");
        }

        Dictionary<string, BundleFile> files = CheckFileList(metadata, limits);
        if (stageTo is not null && (Directory.Exists(stageTo) || File.Exists(stageTo)))
        {
            throw new IOException($"staging folder {stageTo} already exists");
        }

        try
        {
            ReadPayload(reader, files, stageTo);
        }
        catch
        {
            if (stageTo is not null && Directory.Exists(stageTo))
            {
                Directory.Delete(stageTo, recursive: true);
            }

            throw;
        }

        return new VerifiedBundle(metadata, signedBy, stageTo is null ? null : Path.GetFullPath(stageTo));
    }

    private static FileStream OpenBounded(string archive, BundleLimits limits)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(archive, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle {archive}: no such file", e);
        }

        long bound = limits.MaxTotalBytes + limits.MaxMetadataBytes + limits.MaxSignaturesBytes + ((long)(limits.MaxFiles + 2) * TarOverheadPerEntry) + 1024;
        if (stream.Length > bound)
        {
            stream.Dispose();
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle {archive} is {stream.Length} bytes, more than any bundle within the limits can be ({bound})");
        }

        return stream;
    }

    private static (byte[] Metadata, BundleSignatures Signatures) ReadHeader(TarReader reader, BundleLimits limits)
    {
        byte[] metadata = ReadSmallEntry(reader, BundleArchive.MetadataEntry, limits.MaxMetadataBytes);
        byte[] signatureBytes = ReadSmallEntry(reader, BundleArchive.SignaturesEntry, limits.MaxSignaturesBytes);
        BundleSignatures signatures;
        try
        {
            signatures = JsonSerializer.Deserialize(signatureBytes, FleetJsonContext.Default.BundleSignatures) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle {BundleArchive.SignaturesEntry} is malformed: {e.Message}", e);
        }

        if (signatures.Signatures.Count > limits.MaxSignatures)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle has {signatures.Signatures.Count} signatures, more than the {limits.MaxSignatures} allowed");
        }

        return (metadata, signatures);
    }

    private static byte[] ReadSmallEntry(TarReader reader, string name, int maxBytes)
    {
        TarEntry entry = NextEntry(reader) ?? throw new BundleRefusedException(BundleRefusal.Truncated, $"bundle archive ends before its {name}");
        CheckEntryKind(entry);
        if (entry.Name != name)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle archive has '{BundlePath.Shown(entry.Name)}' where {name} must be (not an EdgeMer bundle?)");
        }

        if (entry.Length > maxBytes)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle {name} is {entry.Length} bytes, more than the {maxBytes} allowed");
        }

        byte[] bytes = new byte[entry.Length];
        Stream data = entry.DataStream ?? Stream.Null;
        try
        {
            data.ReadExactly(bytes);
        }
        catch (EndOfStreamException e)
        {
            throw new BundleRefusedException(BundleRefusal.Truncated, $"bundle archive ends inside its {name}", e);
        }

        return bytes;
    }

    private static BundleMetadata ParseMetadata(byte[] bytes)
    {
        BundleMetadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize(bytes, FleetJsonContext.Default.BundleMetadata) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle {BundleArchive.MetadataEntry} is malformed: {e.Message}", e);
        }

        if (metadata.Format != BundleMetadata.CurrentFormat)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle format '{BundlePath.Shown(metadata.Format ?? "")}' is not {BundleMetadata.CurrentFormat}");
        }

        return metadata;
    }

    private static Dictionary<string, BundleFile> CheckFileList(BundleMetadata metadata, BundleLimits limits)
    {
        if (metadata.Files.Count > limits.MaxFiles)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle lists {metadata.Files.Count} files, more than the {limits.MaxFiles} allowed");
        }

        var files = new Dictionary<string, BundleFile>(StringComparer.Ordinal);
        long total = 0;
        foreach (BundleFile file in metadata.Files)
        {
            BundlePath.Check(file.Path ?? string.Empty, limits);
            if (file.Size < 0 || file.Size > limits.MaxFileBytes)
            {
                throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle file '{file.Path}' has size {file.Size}, outside 0 to {limits.MaxFileBytes}");
            }

            if (file.Sha256 is not { Length: 64 } sha || !sha.All(char.IsAsciiHexDigitLower))
            {
                throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle file '{file.Path}' has no sha256 as 64 lower-case hex digits");
            }

            if (!files.TryAdd(file.Path!, file))
            {
                throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle lists '{file.Path}' twice");
            }

            total += file.Size;
            if (total > limits.MaxTotalBytes)
            {
                throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle files come to more than the {limits.MaxTotalBytes} bytes allowed");
            }
        }

        // A file and a folder of the same name cannot both be staged.
        foreach (string path in files.Keys)
        {
            for (int slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (files.ContainsKey(path[..slash]))
                {
                    throw new BundleRefusedException(BundleRefusal.UnsafePath, $"bundle lists '{path[..slash]}' as a file and as a folder");
                }
            }
        }

        return files;
    }

    private static void ReadPayload(TarReader reader, Dictionary<string, BundleFile> files, string? stageTo)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        byte[] buffer = new byte[81920];
        while (NextEntry(reader) is { } entry)
        {
            CheckEntryKind(entry);
            if (!entry.Name.StartsWith(BundleArchive.PayloadPrefix, StringComparison.Ordinal))
            {
                throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle archive entry '{BundlePath.Shown(entry.Name)}' is outside {BundleArchive.PayloadPrefix}");
            }

            string path = entry.Name[BundleArchive.PayloadPrefix.Length..];
            BundlePath.Check(path, BundleLimits.Default with { MaxPathLength = int.MaxValue });
            if (!files.TryGetValue(path, out BundleFile? expected))
            {
                throw new BundleRefusedException(BundleRefusal.FileMismatch, $"bundle file '{BundlePath.Shown(path)}' is not in the signed file list");
            }

            if (!seen.Add(path))
            {
                throw new BundleRefusedException(BundleRefusal.FileMismatch, $"bundle file '{path}' appears twice in the archive");
            }

            if (entry.Length != expected.Size)
            {
                throw new BundleRefusedException(BundleRefusal.FileMismatch, $"bundle file '{path}' is {entry.Length} bytes but the signed list says {expected.Size}");
            }

            Stage(entry, path, expected, stageTo, buffer);
        }

        if (seen.Count != files.Count)
        {
            string missing = files.Keys.First(k => !seen.Contains(k));
            throw new BundleRefusedException(BundleRefusal.Truncated, $"bundle archive ends after {seen.Count} of its {files.Count} files: '{missing}' is missing");
        }
    }

    private static void Stage(TarEntry entry, string path, BundleFile expected, string? stageTo, byte[] buffer)
    {
        FileStream? output = null;
        try
        {
            if (stageTo is not null)
            {
                string target = Path.Combine(stageTo, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Stream data = entry.DataStream ?? Stream.Null;
            long left = expected.Size;
            while (left > 0)
            {
                int read = data.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new BundleRefusedException(BundleRefusal.Truncated, $"bundle archive ends inside '{path}' ({expected.Size - left} of {expected.Size} bytes)");
                }

                hash.AppendData(buffer, 0, read);
                output?.Write(buffer, 0, read);
                left -= read;
            }

            string sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (sha256 != expected.Sha256)
            {
                throw new BundleRefusedException(BundleRefusal.FileMismatch, $"bundle file '{path}' has sha256 {sha256} but the signed list says {expected.Sha256}");
            }

            output?.Flush(flushToDisk: true);
        }
        catch (EndOfStreamException e)
        {
            throw new BundleRefusedException(BundleRefusal.Truncated, $"bundle archive ends inside '{path}'", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BundleRefusedException(BundleRefusal.Storage, $"staging bundle file '{path}' failed: {e.Message}", e);
        }
        finally
        {
            output?.Dispose();
        }
    }

    private static TarEntry? NextEntry(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry(copyData: false);
        }
        catch (EndOfStreamException e)
        {
            throw new BundleRefusedException(BundleRefusal.Truncated, "bundle archive ends inside an entry's header", e);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or IOException)
        {
            throw new BundleRefusedException(BundleRefusal.Malformed, $"bundle archive is not a valid tar archive: {e.Message}", e);
        }
    }

    private static void CheckEntryKind(TarEntry entry)
    {
        if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
        {
            return;
        }

        BundleRefusal refusal = entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink or TarEntryType.Directory
            ? BundleRefusal.UnsafePath
            : BundleRefusal.Malformed;
        throw new BundleRefusedException(refusal, $"bundle archive entry '{BundlePath.Shown(entry.Name)}' is a {entry.EntryType}, not a plain file");
    }
}
