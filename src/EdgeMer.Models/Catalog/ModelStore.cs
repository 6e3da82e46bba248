using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeMer.Models.Import.TfJs;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Catalog;

/// <summary>
/// The folder of built models (under the build cache) and its generated index. Building verifies
/// each manifest's pinned source files by sha256, converts TensorFlow.js models (or copies ONNX
/// ones), and records each file's sha256; a model whose sources and converter are unchanged is
/// not rebuilt.
/// </summary>
public sealed class ModelStore
{
    /// <summary>The variant ./build.sh builds today.</summary>
    public const string Fp32 = "fp32";

    private readonly string _npmRoot;

    /// <param name="folder">Where built models and index.json go (e.g. <c>$EDGEMER_CACHE/models</c>).</param>
    /// <param name="npmRoot">Where build.sh unpacked the pinned npm packages (<c>$EDGEMER_CACHE/npm</c>).</param>
    public ModelStore(string folder, string npmRoot)
    {
        Folder = Path.GetFullPath(folder);
        _npmRoot = npmRoot;
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
    public string ModelPath(string id, string variant = Fp32)
    {
        ModelIndexEntry entry = Find(id, variant)
            ?? throw new ModelManifestException($"model '{id}' ({variant}) is not built in {Folder}; run 'edgemer models fetch' or ./build.sh test");
        return Path.Combine(Folder, entry.File);
    }

    /// <summary>The unpacked package folder of the manifest's source.</summary>
    public string PackageFolder(ModelManifest manifest) =>
        Path.Combine(_npmRoot, $"{manifest.Source!.NpmPackage}@{manifest.Source.Version}");

    /// <summary>The model file (model.json or .onnx) inside the source package.</summary>
    public string SourcePath(ModelManifest manifest) => Path.Combine(PackageFolder(manifest), manifest.Source!.Path!);

    /// <summary>
    /// Checks that the package is staged from the tarball the manifest pins and that every source
    /// file has its pinned sha256. Returns a digest of the source for the index.
    /// </summary>
    public string VerifySource(ModelManifest manifest)
    {
        ManifestSource source = manifest.Source!;
        string package = PackageFolder(manifest);
        string marker = Path.Combine(package, ".verified");
        if (!File.Exists(marker))
        {
            throw new ModelManifestException(manifest.Path, "source.npmPackage", $"{source.NpmPackage}@{source.Version} is not staged at {package}; run ./build.sh setup (is it in downloads.lock?)");
        }

        string staged = File.ReadAllText(marker).Trim();
        if (staged != source.PackageSha256)
        {
            throw new ModelManifestException(manifest.Path, "source.packageSha256", $"the staged package was verified as {staged}, the manifest pins {source.PackageSha256}");
        }

        var digest = new StringBuilder();
        digest.Append(CheckFile(manifest, "source.path", "source.sha256", source.Path!, source.Sha256!));
        for (int i = 0; i < (source.Files?.Count ?? 0); i++)
        {
            ManifestFile file = source.Files![i];
            digest.Append(CheckFile(manifest, $"source.files[{i}].path", $"source.files[{i}].sha256", file.Path!, file.Sha256!));
        }

        return Sha256Hex(Encoding.UTF8.GetBytes(digest.ToString()));
    }

    /// <summary>Builds every available fp32 model of <paramref name="catalog"/> that is missing or out of date; returns what it did per model.</summary>
    public IReadOnlyList<string> Build(ModelCatalog catalog)
    {
        Directory.CreateDirectory(Folder);
        ModelIndex index = ReadIndex();
        var report = new List<string>();
        foreach (ModelManifest manifest in catalog.Models)
        {
            string sourceDigest = VerifySource(manifest);
            string file = $"{manifest.Id}.{Fp32}.onnx";
            string target = Path.Combine(Folder, file);
            ModelIndexEntry? entry = index.Models.Find(e => e.Id == manifest.Id && e.Variant == Fp32);
            if (entry is not null && entry.SourceSha256 == sourceDigest && entry.ConverterVersion == TfJsImporter.ConverterVersion
                && File.Exists(target) && Sha256Hex(File.ReadAllBytes(target)) == entry.Sha256)
            {
                report.Add($"{manifest.Id}: up to date ({entry.Sha256})");
                continue;
            }

            if (manifest.Source!.Format == "onnx")
            {
                // Used as published; loading it checks it is an ONNX model before it is indexed.
                OnnxModel.Load(SourcePath(manifest));
                AtomicFile.Write(target, File.ReadAllBytes(SourcePath(manifest)));
            }
            else
            {
                TfJsImporter.ImportToFile(SourcePath(manifest), target, ImportOptions(manifest));
            }

            byte[] bytes = File.ReadAllBytes(target);
            index.Models.RemoveAll(e => e.Id == manifest.Id && e.Variant == Fp32);
            var built = new ModelIndexEntry
            {
                Id = manifest.Id!,
                Variant = Fp32,
                File = file,
                Sha256 = Sha256Hex(bytes),
                Bytes = bytes.Length,
                SourceSha256 = sourceDigest,
                ConverterVersion = TfJsImporter.ConverterVersion,
            };
            index.Models.Add(built);
            index.Models.Sort((a, b) => string.CompareOrdinal(a.Id + "/" + a.Variant, b.Id + "/" + b.Variant));
            index.ConverterVersion = TfJsImporter.ConverterVersion;
            AtomicFile.WriteText(IndexPath, JsonSerializer.Serialize(index, CatalogJsonContext.Default.ModelIndex));
            report.Add($"{manifest.Id}: built {file} ({built.Sha256})");
        }

        return report;
    }

    /// <summary>The importer options a manifest implies: its boundary names and provenance metadata.</summary>
    public static TfJsImportOptions ImportOptions(ModelManifest manifest)
    {
        var inputNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ManifestInput input in manifest.Inputs!)
        {
            inputNames[input.SourceName ?? input.Name!] = input.Name!;
        }

        var outputs = new List<KeyValuePair<string, string>>();
        foreach (ManifestOutput output in manifest.Outputs!)
        {
            outputs.Add(new(output.SourceName!, output.Name!));
        }

        ManifestSource source = manifest.Source!;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["edgemer.model"] = manifest.Id!,
            ["edgemer.source"] = $"npm:{source.NpmPackage}@{source.Version}/{source.Path}",
            ["edgemer.source_sha256"] = source.Sha256!,
            ["edgemer.license"] = manifest.License!.Name!,
            ["edgemer.converter_version"] = TfJsImporter.ConverterVersion,
        };
        if (manifest.Labels is { Count: > 0 } labels)
        {
            metadata["edgemer.labels"] = string.Join(",", labels);
        }

        return new TfJsImportOptions { GraphName = manifest.Id!, InputNames = inputNames, Outputs = outputs, Metadata = metadata };
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string CheckFile(ModelManifest manifest, string pathField, string shaField, string relative, string expected)
    {
        string file = Path.Combine(PackageFolder(manifest), relative);
        if (!File.Exists(file))
        {
            throw new ModelManifestException(manifest.Path, pathField, $"{file} does not exist");
        }

        string actual = Sha256Hex(File.ReadAllBytes(file));
        if (actual != expected)
        {
            throw new ModelManifestException(manifest.Path, shaField, $"{file} has sha256 {actual}, the manifest pins {expected}: the source changed");
        }

        return actual;
    }
}
