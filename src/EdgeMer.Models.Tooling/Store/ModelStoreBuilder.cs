using System.Text;
using System.Text.Json;
using EdgeMer.Onnx;
using EdgeMer.Platform;

using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Import.TfJs;

namespace EdgeMer.Models.Tooling.Store;

/// <summary>
/// Builds the model store (<see cref="ModelStore"/>): verifies each model's pinned source files by
/// sha256, converts TensorFlow.js models (or copies ONNX ones), and records each file's sha256 in the
/// index; a model whose sources and converter are unchanged is not rebuilt.
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
public sealed class ModelStoreBuilder
{
    private const string Fp32 = ModelStore.Fp32;

    private readonly string _npmRoot;

    /// <param name="store">The store to build into.</param>
    /// <param name="npmRoot">Where build.sh unpacked the pinned npm packages (<c>$EDGEMER_CACHE/npm</c>).</param>
    public ModelStoreBuilder(ModelStore store, string npmRoot)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _npmRoot = npmRoot;
    }

    /// <param name="folder">Where built models and index.json go (e.g. <c>$EDGEMER_CACHE/models</c>).</param>
    /// <param name="npmRoot">Where build.sh unpacked the pinned npm packages (<c>$EDGEMER_CACHE/npm</c>).</param>
    public ModelStoreBuilder(string folder, string npmRoot)
        : this(new ModelStore(folder), npmRoot)
    {
    }

    /// <summary>The store this builds.</summary>
    public ModelStore Store { get; }

    public string Folder => Store.Folder;

    public string IndexPath => Store.IndexPath;

    /// <summary>The file a build holds open exclusively while it changes the store.</summary>
    public string LockPath => Path.Combine(Folder, "index.lock");

    /// <summary>How long a build waits for another process's build of this store to finish before it gives up with an error.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock a build measures and paces its wait for the lock with (tests give a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The index entry of <paramref name="id"/>'s <paramref name="variant"/>, or null when it is not built.</summary>
    public ModelIndexEntry? Find(string id, string variant = Fp32) => Store.Find(id, variant);

    /// <summary>The built file of <paramref name="id"/>; an error saying how to build it when it is not there.</summary>
    public string ModelPath(string id, string variant = Fp32) => Store.ModelPath(id, variant);

    /// <summary>The unpacked package folder of the manifest's source.</summary>
    public string PackageFolder(ModelDescription model) =>
        Path.Combine(_npmRoot, $"{model.Source.NpmPackage}@{model.Source.Version}");

    /// <summary>The model file (model.json or .onnx) inside the source package.</summary>
    public string SourcePath(ModelDescription model) => Path.Combine(PackageFolder(model), model.Source.Model.Path);

    /// <summary>
    /// Checks that the package is staged from the tarball the manifest pins and that every source
    /// file has its pinned sha256. Returns a digest of the source for the index.
    /// </summary>
    public string VerifySource(ModelDescription model)
    {
        ModelSource source = model.Source;
        string package = PackageFolder(model);
        string marker = Path.Combine(package, ".verified");
        if (!File.Exists(marker))
        {
            throw new ModelManifestException(model.ManifestPath, "source.npmPackage", $"{source.NpmPackage}@{source.Version} is not staged at {package}; run ./build.sh setup (is it in downloads.lock?)");
        }

        string staged = File.ReadAllText(marker).Trim();
        if (staged != source.PackageSha256)
        {
            throw new ModelManifestException(model.ManifestPath, "source.packageSha256", $"the staged package was verified as {staged}, the manifest pins {source.PackageSha256}");
        }

        var digest = new StringBuilder();
        digest.Append(CheckFile(model, "source.path", "source.sha256", source.Model.Path, source.Model.Sha256));
        for (int i = 0; i < source.Files.Count; i++)
        {
            ModelSourceFile file = source.Files[i];
            digest.Append(CheckFile(model, $"source.files[{i}].path", $"source.files[{i}].sha256", file.Path, file.Sha256));
        }

        return ModelStore.Sha256Hex(Encoding.UTF8.GetBytes(digest.ToString()));
    }

    /// <summary>Builds every available fp32 model of <paramref name="catalog"/> that is missing or out of date; returns what it did per model.</summary>
    /// <exception cref="IOException">Another process kept the store locked for longer than <see cref="LockTimeout"/>.</exception>
    public IReadOnlyList<string> Build(ModelCatalog catalog)
    {
        Directory.CreateDirectory(Folder);
        using FileStream storeLock = Lock();

        // Read under the lock: another build may have changed the index while this one waited.
        ModelIndex index = Store.ReadIndex();
        var report = new List<string>();
        foreach (ModelDescription model in catalog.Models)
        {
            string sourceDigest = VerifySource(model);
            if (model.Source.Format == ModelSourceFormat.TfjsGraph)
            {
                // What the manifest writes into the converted model (names, licence and provenance
                // metadata) is part of what it is built from: a changed licence rebuilds it.
                sourceDigest = ModelStore.Sha256Hex(Encoding.UTF8.GetBytes(sourceDigest + "\n" + ConversionSettings(model)));
            }

            CopyLicenses(model);
            string file = $"{model.Id}.{Fp32}.onnx";
            string target = Path.Combine(Folder, file);
            ModelIndexEntry? entry = index.Models.Find(e => e.Id == model.Id && e.Variant == Fp32);
            if (entry is not null && entry.SourceSha256 == sourceDigest && entry.ConverterVersion == TfJsImporter.ConverterVersion
                && File.Exists(target) && ModelStore.Sha256Hex(File.ReadAllBytes(target)) == entry.Sha256)
            {
                report.Add($"{model.Id}: up to date ({entry.Sha256})");
                continue;
            }

            if (model.Source.Format == ModelSourceFormat.Onnx)
            {
                // Used as published; loading it checks it is an ONNX model before it is indexed.
                OnnxModel.Load(SourcePath(model));
                AtomicFile.Write(target, File.ReadAllBytes(SourcePath(model)));
            }
            else
            {
                TfJsImporter.ImportToFile(SourcePath(model), target, ImportOptions(model));
            }

            byte[] bytes = File.ReadAllBytes(target);
            index.Models.RemoveAll(e => e.Id == model.Id && e.Variant == Fp32);
            var built = new ModelIndexEntry
            {
                Id = model.Id,
                Variant = Fp32,
                File = file,
                Sha256 = ModelStore.Sha256Hex(bytes),
                Bytes = bytes.Length,
                SourceSha256 = sourceDigest,
                ConverterVersion = TfJsImporter.ConverterVersion,
            };
            index.Models.Add(built);
            index.Models.Sort((a, b) => string.CompareOrdinal(a.Id + "/" + a.Variant, b.Id + "/" + b.Variant));
            index.ConverterVersion = TfJsImporter.ConverterVersion;
            AtomicFile.WriteText(IndexPath, index.ToJson());
            report.Add($"{model.Id}: built {file} ({built.Sha256})");
        }

        return report;
    }

    /// <summary>
    /// Writes a variant built from a model's fp32 file (<c>int8</c> by the quantization tool) into the
    /// store as <c>&lt;id&gt;.&lt;variant&gt;.onnx</c> and records it in the index with its sha256, under
    /// the store's lock. <paramref name="sourceSha256"/> names what it was made from (the fp32 file and
    /// the recipe). Returns the entry.
    /// </summary>
    public ModelIndexEntry AddVariant(string id, string variant, ReadOnlySpan<byte> bytes, string sourceSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(variant);
        if (variant == Fp32)
        {
            throw new ArgumentException("the fp32 variant is built from the model's source by Build", nameof(variant));
        }

        Directory.CreateDirectory(Folder);
        using FileStream storeLock = Lock();
        ModelIndex index = Store.ReadIndex();
        string file = $"{id}.{variant}.onnx";
        AtomicFile.Write(Path.Combine(Folder, file), bytes);
        index.Models.RemoveAll(e => e.Id == id && e.Variant == variant);
        var entry = new ModelIndexEntry
        {
            Id = id,
            Variant = variant,
            File = file,
            Sha256 = ModelStore.Sha256Hex(bytes),
            Bytes = bytes.Length,
            SourceSha256 = sourceSha256,
            ConverterVersion = TfJsImporter.ConverterVersion,
        };
        index.Models.Add(entry);
        index.Models.Sort((a, b) => string.CompareOrdinal(a.Id + "/" + a.Variant, b.Id + "/" + b.Variant));
        AtomicFile.WriteText(IndexPath, index.ToJson());
        return entry;
    }

    /// <summary>Copies the manifest's licence texts and notices from the catalog into the store, replacing a copy that differs.</summary>
    private void CopyLicenses(ModelDescription model)
    {
        string catalog = Path.GetDirectoryName(Path.GetFullPath(model.ManifestPath))!;
        foreach (string relative in model.License.Files)
        {
            byte[] text = File.ReadAllBytes(Path.Combine(catalog, relative));
            string target = Store.LicensePath(relative);
            if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(text))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.Write(target, text);
        }
    }

    /// <summary>The import options of <paramref name="model"/> as one canonical string, for the build digest.</summary>
    private static string ConversionSettings(ModelDescription model)
    {
        TfJsImportOptions options = ImportOptions(model);
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
    public static TfJsImportOptions ImportOptions(ModelDescription model)
    {
        var inputNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ModelInput input in model.Inputs)
        {
            inputNames[input.SourceName ?? input.Name] = input.Name;
        }

        var outputs = new List<KeyValuePair<string, string>>();
        foreach (ModelOutput output in model.Outputs)
        {
            outputs.Add(new(output.SourceName!, output.Name));
        }

        ModelSource source = model.Source;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["edgemer.model"] = model.Id,
            ["edgemer.source"] = $"npm:{source.NpmPackage}@{source.Version}/{source.Model.Path}",
            ["edgemer.source_sha256"] = source.Model.Sha256,
            ["edgemer.license"] = model.License.Name,
            ["edgemer.converter_version"] = TfJsImporter.ConverterVersion,
        };
        if (model.Labels is { Count: > 0 } labels)
        {
            metadata["edgemer.labels"] = string.Join(",", labels);
        }

        return new TfJsImportOptions { GraphName = model.Id, InputNames = inputNames, Outputs = outputs, Metadata = metadata };
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

    private string CheckFile(ModelDescription model, string pathField, string shaField, string relative, string expected)
    {
        string file = Path.Combine(PackageFolder(model), relative);
        if (!File.Exists(file))
        {
            throw new ModelManifestException(model.ManifestPath, pathField, $"{file} does not exist");
        }

        string actual = ModelStore.Sha256Hex(File.ReadAllBytes(file));
        if (actual != expected)
        {
            throw new ModelManifestException(model.ManifestPath, shaField, $"{file} has sha256 {actual}, the manifest pins {expected}: the source changed");
        }

        return actual;
    }
}
