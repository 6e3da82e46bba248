using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeMer.Fleet.Trust;
using EdgeMer.Platform;

namespace EdgeMer.Fleet.Bundles;

/// <summary>Makes bundle archives (unsigned) and adds signatures to them; each archive is written whole or not at all.</summary>
public static class BundleWriter
{
    /// <summary>
    /// Writes an unsigned bundle of <paramref name="files"/> (bundle path → file on disk) to
    /// <paramref name="archive"/>, with their sha256s and sizes in its metadata. Paths are checked
    /// with the same rule a device checks them with, so a bundle a device would refuse is not made.
    /// </summary>
    public static BundleMetadata Create(string archive, IReadOnlyDictionary<string, string> files, long version, DateTimeOffset created, DateTimeOffset expires, string? description = null, BundleLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        limits ??= BundleLimits.Default;
        if (version < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "a bundle version is 1 or more");
        }

        if (expires <= created)
        {
            throw new ArgumentException($"the expiry ({expires:O}) must be after the creation time ({created:O})", nameof(expires));
        }

        var listed = new List<BundleFile>();
        foreach ((string path, string source) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            BundlePath.Check(path, limits);
            var info = new FileInfo(source);
            if (info.LinkTarget is not null)
            {
                throw new ArgumentException($"{source} is a symbolic link; a bundle carries plain files only", nameof(files));
            }

            using FileStream stream = File.OpenRead(source);
            listed.Add(new BundleFile(path, Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length));
        }

        var metadata = new BundleMetadata { Version = version, Created = created, Expires = expires, Description = description, Files = listed };
        Write(archive, JsonSerializer.SerializeToUtf8Bytes(metadata, FleetJsonContext.Default.BundleMetadata), [], path => File.OpenRead(files[path]), listed);
        return metadata;
    }

    /// <summary>Adds <paramref name="key"/>'s signature over the bundle's metadata (replacing an earlier one by the same key) and rewrites the archive.</summary>
    public static void Sign(string archive, SigningKey key, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        BundleContents contents = BundleReader.Inspect(archive);
        var signatures = contents.Signatures.Where(s => s.KeyId != key.KeyId).ToList();
        signatures.Add(new BundleSignature(key.KeyId, Convert.ToBase64String(key.Sign(contents.MetadataBytes))));

        // The payload is copied from the archive as it is; the signature covers its sha256s, so a
        // payload changed on the way is still refused on the device.
        using FileStream source = File.OpenRead(archive);
        using var reader = new TarReader(source);
        reader.GetNextEntry();
        reader.GetNextEntry();
        string target = output ?? archive;
        using AtomicFile.Pending pending = AtomicFile.Create(target);
        using (var writer = new TarWriter(pending.Stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            WriteSmall(writer, BundleArchive.MetadataEntry, contents.MetadataBytes);
            WriteSmall(writer, BundleArchive.SignaturesEntry, JsonSerializer.SerializeToUtf8Bytes(new BundleSignatures { Signatures = signatures }, FleetJsonContext.Default.BundleSignatures));
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                writer.WriteEntry(entry);
            }
        }

        pending.Commit();
    }

    private static void Write(string archive, byte[] metadata, IReadOnlyList<BundleSignature> signatures, Func<string, Stream> open, IReadOnlyList<BundleFile> files)
    {
        using AtomicFile.Pending pending = AtomicFile.Create(archive);
        using (var writer = new TarWriter(pending.Stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            WriteSmall(writer, BundleArchive.MetadataEntry, metadata);
            WriteSmall(writer, BundleArchive.SignaturesEntry, JsonSerializer.SerializeToUtf8Bytes(new BundleSignatures { Signatures = signatures }, FleetJsonContext.Default.BundleSignatures));
            foreach (BundleFile file in files)
            {
                using Stream data = open(file.Path);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, BundleArchive.PayloadPrefix + file.Path) { DataStream = data, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
                writer.WriteEntry(entry);
            }
        }

        pending.Commit();
    }

    private static void WriteSmall(TarWriter writer, string name, byte[] bytes)
    {
        using var data = new MemoryStream(bytes, writable: false);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead });
    }
}
