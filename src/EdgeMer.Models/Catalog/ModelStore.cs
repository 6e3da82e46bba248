using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeMer.Models.Catalog;

/// <summary>
/// The folder of built models and its index (<c>index.json</c>), read-only: the device finds a
/// model's file and loads it only when its bytes have the sha256 the index recorded. The build-side
/// tooling (<c>ModelStoreBuilder</c>) writes it; every file in it is replaced whole, so a reader sees
/// the old file or the new one, never a part.
/// </summary>
public sealed class ModelStore
{
    /// <summary>The variant ./build.sh builds from every source.</summary>
    public const string Fp32 = "fp32";

    /// <param name="folder">Where built models and index.json are (e.g. <c>$EDGEMER_CACHE/models</c>).</param>
    public ModelStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
    }

    public string Folder { get; }

    public string IndexPath => Path.Combine(Folder, "index.json");

    /// <summary>The index, or an empty one when nothing was built yet; an error naming the file when it is unreadable.</summary>
    public ModelIndex ReadIndex()
    {
        if (!File.Exists(IndexPath))
        {
            return new ModelIndex();
        }

        try
        {
            using FileStream stream = File.OpenRead(IndexPath);
            return JsonSerializer.Deserialize(stream, CatalogJsonContext.Default.ModelIndex) ?? new ModelIndex();
        }
        catch (JsonException e)
        {
            throw new ModelManifestException($"model index {IndexPath} is malformed ({e.Message}); delete it to rebuild", e);
        }
    }

    /// <summary>The index entry of <paramref name="id"/>'s <paramref name="variant"/>, or null when it is not built.</summary>
    public ModelIndexEntry? Find(string id, string variant = Fp32)
    {
        foreach (ModelIndexEntry entry in ReadIndex().Models)
        {
            if (entry.Id == id && entry.Variant == variant)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The built file of <paramref name="id"/>; an error saying how to build it when it is not there.</summary>
    public string ModelPath(string id, string variant = Fp32) => Path.Combine(Folder, Built(id, variant).File);

    /// <summary>
    /// The bytes of <paramref name="id"/>'s built <paramref name="variant"/>, checked against the
    /// sha256 the index recorded; an error naming the file when it is missing or changed.
    /// </summary>
    public VerifiedModel ReadVerified(string id, string variant = Fp32)
    {
        ModelIndexEntry entry = Built(id, variant);
        string path = Path.Combine(Folder, entry.File);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelManifestException($"model file {path}, which {IndexPath} lists, is missing; rebuild it with 'edgemer models fetch'", e);
        }

        string sha256 = Sha256Hex(bytes);
        if (sha256 != entry.Sha256)
        {
            throw new ModelManifestException($"model file {path} has sha256 {sha256} but {IndexPath} records {entry.Sha256}; rebuild it with 'edgemer models fetch'");
        }

        return new VerifiedModel(id, variant, path, sha256, bytes);
    }

    /// <summary>
    /// The bytes of <paramref name="model"/>'s built <paramref name="variant"/> (<c>fp32</c>, <c>int8</c>,
    /// <c>pruned</c>), checked against the index and, for a variant the manifest gives a sha256, against
    /// that too: a device runs only the variant file its manifest names. An error naming the model, the
    /// variant and what to do when the manifest does not offer it or the file is not the one it names.
    /// </summary>
    public VerifiedModel ReadVariant(ModelDescription model, string variant)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelVariant? declared = null;
        foreach (ModelVariant candidate in model.Variants)
        {
            if (ModelVariant.NameOf(candidate.Name) == variant)
            {
                declared = candidate;
            }
        }

        if (declared is not { Available: true })
        {
            throw new ModelManifestException($"model '{model.Id}' has no available '{variant}' variant in {model.ManifestPath} (available: {string.Join(", ", model.Variants.Where(v => v.Available).Select(v => ModelVariant.NameOf(v.Name)))})");
        }

        VerifiedModel file = ReadVerified(model.Id, variant);
        if (declared.Sha256 is { } expected && file.Sha256 != expected)
        {
            throw new ModelManifestException(
                $"model file {file.Path} ({model.Id} {variant}) has sha256 {file.Sha256} but {model.ManifestPath} names {expected}; rebuild it with 'edgemer models {(variant == "pruned" ? "prune" : "quantize")} --recipe {declared.Recipe}' or update the manifest");
        }

        return file;
    }

    /// <summary>Where the store keeps the licence text or notice <paramref name="relative"/> (a path of a model's licence files).</summary>
    public string LicensePath(string relative) => Path.Combine(Folder, relative);

    /// <summary>The lower-case hex sha256 of <paramref name="bytes"/>, as manifests and the index write it.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private ModelIndexEntry Built(string id, string variant) =>
        Find(id, variant) ?? throw new ModelManifestException($"model '{id}' ({variant}) is not built in {Folder}; run 'edgemer models fetch' or ./build.sh test");
}
