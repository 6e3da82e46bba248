using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeMer.Fleet.Bundles;
using EdgeMer.Fleet.Trust;

namespace EdgeMer.Fleet.Tests;

/// <summary>A folder with payload files, three signing keys and a trust root of two of them (threshold 2), removed after the test.</summary>
internal sealed class BundleFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public BundleFixture()
    {
        Folder = Directory.CreateTempSubdirectory("edgemer-bundle-").FullName;
        Files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["store/index.json"] = Write("src/index.json", "{\"models\":[]}"),
            ["store/emotion.fp32.onnx"] = Write("src/emotion.fp32.onnx", RandomBytes(70_000, seed: 1)),
            ["models/emotion.json"] = Write("src/emotion.json", "{\"id\":\"emotion\"}"),
        };
        First = SigningKey.Generate();
        Second = SigningKey.Generate();
        Stranger = SigningKey.Generate();
        Trust = new TrustRoot(2, [SigningKey.FromPublicKey(First.PublicKey), SigningKey.FromPublicKey(Second.PublicKey)]);
    }

    public string Folder { get; }

    public Dictionary<string, string> Files { get; }

    public SigningKey First { get; }

    public SigningKey Second { get; }

    public SigningKey Stranger { get; }

    public TrustRoot Trust { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A bundle of the fixture's files at <paramref name="version"/>, valid for a day, signed by <paramref name="keys"/>.</summary>
    public string Bundle(long version, params SigningKey[] keys) => Bundle($"v{version}.bundle", version, Now.AddDays(1), keys);

    public string Bundle(string name, long version, DateTimeOffset expires, params SigningKey[] keys)
    {
        string archive = PathOf(name);
        BundleWriter.Create(archive, Files, version, Now.AddHours(-1), expires, "test bundle");
        foreach (SigningKey key in keys)
        {
            BundleWriter.Sign(archive, key);
        }

        return archive;
    }

    /// <summary>
    /// Writes an archive entry by entry, with metadata listing <paramref name="listed"/> and signed
    /// by both trusted keys: what a hostile but key-holding (or buggy) author could make.
    /// </summary>
    public string Crafted(string name, IReadOnlyList<BundleFile> listed, Action<TarWriter> payload)
    {
        var metadata = new BundleMetadata { Version = 5, Created = Now.AddHours(-1), Expires = Now.AddDays(1), Files = listed };
        byte[] metadataBytes = JsonSerializer.SerializeToUtf8Bytes(metadata, FleetJsonContext.Default.BundleMetadata);
        var signatures = new BundleSignatures
        {
            Signatures =
            [
                new BundleSignature(First.KeyId, Convert.ToBase64String(First.Sign(metadataBytes))),
                new BundleSignature(Second.KeyId, Convert.ToBase64String(Second.Sign(metadataBytes))),
            ],
        };
        string archive = PathOf(name);
        using (FileStream stream = File.Create(archive))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            WriteEntry(writer, BundleArchive.MetadataEntry, metadataBytes);
            WriteEntry(writer, BundleArchive.SignaturesEntry, JsonSerializer.SerializeToUtf8Bytes(signatures, FleetJsonContext.Default.BundleSignatures));
            payload(writer);
        }

        return archive;
    }

    public static void WriteEntry(TarWriter writer, string name, byte[] bytes)
    {
        using var data = new MemoryStream(bytes);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data });
    }

    public static BundleFile Listed(string path, byte[] bytes) => new(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);

    public static byte[] RandomBytes(int count, int seed)
    {
        byte[] bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
        Stranger.Dispose();
        Trust.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    private string Write(string name, byte[] bytes)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
