using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeMer.Models.Import.TfJs;
using EdgeMer.Onnx;
using EdgeMer.Platform;

namespace EdgeMer.Models.Catalog;

/// <summary>
/// The folder of built models (under the build cache) and its generated index. Building verifies
/// each manifest's pinned source files by sha256, converts TensorFlow.js models (or copies ONNX
/// ones), and records each file's sha256; a model whose sources and converter are unchanged is
/// not rebuilt.
/// </summary>
/// <remarks>
/// Several processes may build into one store (test runs, <c>edgemer models fetch</c>): a build holds
/// <c>index.lock</c> open exclusively while it reads, converts and rewrites, so one build's index never
/// drops another's entries and no model file is replaced under a build that just indexed it. Model
/// files and the index are each replaced whole (written beside, then renamed), so a reader sees the old
/// file or the new one, never a part. The lock is the open file, not its existence: the operating
/// system releases it when the holder exits, so a build that crashed never leaves the store locked.
/// Each model's licence texts and notices (its manifest's <c>license.files</c>) are copied into the store
/// beside it, under the same relative paths as in the catalog (<c>licenses/</c>).
/// </remarks>
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

    /// <summary>The file a build holds open exclusively while it changes the store.</summary>
    public string LockPath => Path.Combine(Folder, "index.lock");

    /// <summary>How long a build waits for another process's build of this store to finish before it gives up with an error.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock a build measures and paces its wait for the lock with (tests give a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

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
    /// <exception cref="IOException">Another process kept the store locked for longer than <see cref="LockTimeout"/>.</exception>
    public IReadOnlyList<string> Build(ModelCatalog catalog)
    {
        Directory.CreateDirectory(Folder);
        using FileStream storeLock = Lock();

        // Read under the lock: another build may have changed the index while this one waited.
        ModelIndex index = ReadIndex();
        var report = new List<string>();
        foreach (ModelManifest manifest in catalog.Models)
        {
            string sourceDigest = VerifySource(manifest);
            if (manifest.Source!.Format == "tfjs-graph")
            {
                // What the manifest writes into the converted model (names, licence and provenance
                // metadata) is part of what it is built from: a changed licence rebuilds it.
                sourceDigest = Sha256Hex(Encoding.UTF8.GetBytes(sourceDigest + "\n" + ConversionSettings(manifest)));
            }

            CopyLicenses(manifest);
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

    /// <summary>Where the store keeps the licence text or notice <paramref name="relative"/> (a path of a manifest's <c>license.files</c>).</summary>
    public string LicensePath(string relative) => Path.Combine(Folder, relative);

    /// <summary>Copies the manifest's licence texts and notices from the catalog into the store, replacing a copy that differs.</summary>
    private void CopyLicenses(ModelManifest manifest)
    {
        string catalog = Path.GetDirectoryName(Path.GetFullPath(manifest.Path))!;
        foreach (string relative in manifest.License!.Files!)
        {
            byte[] text = File.ReadAllBytes(Path.Combine(catalog, relative));
            string target = LicensePath(relative);
            if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(text))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.Write(target, text);
        }
    }

    /// <summary>The import options of <paramref name="manifest"/> as one canonical string, for the build digest.</summary>
    private static string ConversionSettings(ModelManifest manifest)
    {
        TfJsImportOptions options = ImportOptions(manifest);
        var settings = new StringBuilder();
        settings.Append("graph=").Append(options.GraphName).Append('\n');
        foreach (KeyValuePair<string, string> input in options.InputNames.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            settings.Append("input ").Append(input.Key).Append('=').Append(input.Value).Append('\n');
        }

        foreach (KeyValuePair<string, string> output in options.Outputs)
        {
            settings.Append("output ").Append(output.Key).Append('=').Append(output.Value).Append('\n');
        }

        foreach (KeyValuePair<string, string> entry in options.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // The converter version is compared on its own; keep it out so this digest names only the manifest's part.
            if (entry.Key != "edgemer.converter_version")
            {
                settings.Append("metadata ").Append(entry.Key).Append('=').Append(entry.Value).Append('\n');
            }
        }

        return settings.ToString();
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

    /// <summary>Opens <see cref="LockPath"/> exclusively, waiting (up to <see cref="LockTimeout"/>) while another build holds it.</summary>
    private FileStream Lock()
    {
        long started = TimeProvider.GetTimestamp();
        TimeSpan pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                TimeSpan waited = TimeProvider.GetElapsedTime(started);
                if (waited >= LockTimeout)
                {
                    throw new IOException(
                        $"the model store {Folder} is being changed by another process, which has held {LockPath} for over {LockTimeout.TotalSeconds:0} s " +
                        "(another 'edgemer models fetch' or test run building into the same store?); wait for it to finish, or build into another store (--store)", e);
                }

                // Builds take seconds to minutes: back off to a few polls a second.
                Task.Delay(Min(pause, LockTimeout - waited), TimeProvider).Wait();
                pause = Min(pause * 2, TimeSpan.FromMilliseconds(500));
            }
        }
    }

    /// <summary>The error opening a file that another process holds exclusively (EWOULDBLOCK from flock; a sharing violation on Windows).</summary>
    private static bool IsHeldElsewhere(IOException e) =>
        e.GetType() == typeof(IOException)
        && (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

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
