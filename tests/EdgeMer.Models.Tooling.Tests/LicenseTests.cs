using EdgeMer.Models.Catalog;
using EdgeMer.Onnx;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>Each model carries the licence its upstream publishes it under, and the licence texts and notices travel with it.</summary>
[Collection(BuiltModelsGroup.Name)]
public sealed class LicenseTests(BuiltModels models)
{
    /// <summary>What each upstream says: the licence of the model itself, where it says so, and who holds it.</summary>
    public static TheoryData<string, string, string, string> Upstream => new()
    {
        // MediaPipe (google/mediapipe, LICENSE: Apache License 2.0); the human-models package's MIT covers only its conversion.
        { "blazeface-back", "Apache-2.0", "https://github.com/google/mediapipe", "MediaPipe" },
        { "facemesh", "Apache-2.0", "https://github.com/google/mediapipe", "MediaPipe" },
        { "iris", "Apache-2.0", "https://github.com/google/mediapipe", "MediaPipe" },
        { "blazepose-lite", "Apache-2.0", "https://github.com/google/mediapipe", "MediaPipe" },
        // MoveNet on TensorFlow Hub: "License: Apache-2.0" on its model page.
        { "movenet-lightning", "Apache-2.0", "https://tfhub.dev/google/movenet/singlepose/lightning/4", "Google" },
        { "movenet-multipose", "Apache-2.0", "https://tfhub.dev/google/movenet/multipose/lightning/1", "Google" },
        // oarriaga/face_classification LICENSE: MIT, Copyright (c) 2017 Octavio.
        { "emotion", "MIT", "https://github.com/oarriaga/face_classification", "Copyright (c) 2017 Octavio" },
        // snakers4/silero-vad LICENSE: MIT, Copyright (c) 2020-present Silero Team.
        { "silero-vad", "MIT", "https://github.com/snakers4/silero-vad", "Copyright (c) 2020-present Silero Team" },
    };

    [Fact]
    public void The_list_of_upstream_licences_covers_every_catalogued_model()
    {
        Assert.Equal(models.Catalog.Models.Select(m => m.Id).Order(StringComparer.Ordinal), Upstream.Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Upstream))]
    public void Every_manifest_names_the_licence_its_upstream_publishes_the_model_under_and_ships_its_text(string id, string license, string upstream, string holder)
    {
        ModelDescription manifest = models.Catalog.Find(id);

        Assert.Equal(license, manifest.License.Name);
        Assert.Equal(upstream, manifest.Source.Upstream);
        string[] texts = [.. manifest.License.Files.Select(file => File.ReadAllText(Path.Combine(models.Catalog.Folder, file)))];
        if (license == "Apache-2.0")
        {
            // The licence's own text, as Debian ships it.
            Assert.Contains(File.ReadAllText("/usr/share/common-licenses/Apache-2.0"), texts);
        }
        else
        {
            Assert.Contains(texts, text => text.StartsWith("MIT License", StringComparison.Ordinal) && text.Contains(holder, StringComparison.Ordinal));
        }

        string notice = File.ReadAllText(Path.Combine(models.Catalog.Folder, "licenses", "NOTICE"));
        Assert.Contains("licenses/NOTICE", manifest.License.Files);
        Assert.Contains($"({id})", notice, StringComparison.Ordinal);
        Assert.Contains(upstream, notice, StringComparison.Ordinal);
        Assert.Contains(holder, notice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("blazeface-back")]
    [InlineData("facemesh")]
    [InlineData("iris")]
    [InlineData("movenet-lightning")]
    [InlineData("movenet-multipose")]
    [InlineData("blazepose-lite")]
    [InlineData("emotion")]
    public void A_model_converted_from_the_human_models_package_also_ships_that_packages_MIT_licence_for_the_conversion(string id)
    {
        ModelDescription manifest = models.Catalog.Find(id);
        string package = File.ReadAllText(Path.Combine(models.Store.PackageFolder(manifest), "LICENSE"));

        Assert.Contains(package, manifest.License.Files.Select(file => File.ReadAllText(Path.Combine(models.Catalog.Folder, file))));
        Assert.Contains("MIT", manifest.License.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void The_licence_texts_and_notices_are_in_the_model_store_beside_the_built_models()
    {
        foreach (ModelDescription manifest in models.Catalog.Models)
        {
            foreach (string file in manifest.License.Files)
            {
                string stored = models.Store.Store.LicensePath(file);
                Assert.True(File.Exists(stored), $"{manifest.Id}: {stored} is missing from the store");
                Assert.Equal(File.ReadAllBytes(Path.Combine(models.Catalog.Folder, file)), File.ReadAllBytes(stored));
            }
        }
    }

    [Theory]
    [InlineData("blazeface-back")]
    [InlineData("movenet-lightning")]
    [InlineData("emotion")]
    public void A_converted_model_names_its_manifests_licence_in_its_metadata(string id)
    {
        OnnxModel model = OnnxModel.Load(models.Store.ModelPath(id));

        Assert.Equal(models.Catalog.Find(id).License!.Name, model.FindMetadata("edgemer.license"));
    }

    [Fact]
    public void A_manifest_without_its_licence_text_beside_it_is_an_error_naming_the_field_and_the_file()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-licence-").FullName;
        try
        {
            File.Copy(Path.Combine(RepoPaths.Root, "models", "iris.json"), Path.Combine(folder, "iris.json"));

            ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelCatalog.Load(folder));

            Assert.Equal("license.files[0]", error.Field);
            Assert.Contains(Path.Combine(folder, "licenses", "Apache-2.0.txt"), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
