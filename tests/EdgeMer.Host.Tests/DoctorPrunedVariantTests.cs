using System.Text.Json.Nodes;
using EdgeMer.Devices;
using EdgeMer.Models.Catalog;
using EdgeMer.Runtime.Diagnostics;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>
/// <c>edgemer doctor</c> with a profile that chooses a model's pruned variant: it opens the
/// <c>&lt;model&gt;.pruned.onnx</c> the store's index lists and names the variant, and when the store
/// lacks it, says to run <c>edgemer models prune</c>.
/// </summary>
public sealed class DoctorPrunedVariantTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-doctor-pruned-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Doctor_opens_the_pruned_variant_a_profile_chooses_and_names_it()
    {
        // The pruned file here is the fp32 model's bytes under the pruned name: what is tested is
        // which file doctor opens and how it reports it, not pruning.
        var built = new ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        string store = Path.Combine(_dir, "store");
        Directory.CreateDirectory(store);
        byte[] bytes = File.ReadAllBytes(built.ModelPath("emotion"));
        File.WriteAllBytes(Path.Combine(store, "emotion.pruned.onnx"), bytes);
        var index = new ModelIndex();
        index.Models.Add(new ModelIndexEntry { Id = "emotion", Variant = "pruned", File = "emotion.pruned.onnx", Sha256 = ModelStore.Sha256Hex(bytes), Bytes = bytes.Length });
        File.WriteAllText(Path.Combine(store, "index.json"), index.ToJson());

        ModelProviderReport report = Doctor.LoadModel("emotion", ProfileChoosingPruned(), store);

        Assert.True(report.Loaded, report.Problem);
        Assert.Equal("pruned", report.Variant);
        Assert.Equal("CPUExecutionProvider", report.Provider);
    }

    [Fact]
    public void Doctor_says_how_to_build_a_pruned_variant_the_store_lacks()
    {
        string empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);

        ModelProviderReport report = Doctor.LoadModel("emotion", ProfileChoosingPruned(), empty);

        Assert.False(report.Loaded);
        Assert.Equal("pruned", report.Variant);
        Assert.Contains("run 'edgemer models prune --recipe quantization/emotion.prune.json'", report.Problem, StringComparison.Ordinal);
    }

    private DeviceProfile ProfileChoosingPruned()
    {
        JsonNode profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!;
        profile["inference"]!["modelVariants"] = new JsonObject { ["emotion"] = "pruned" };
        string path = Path.Combine(_dir, "x64-dev.json");
        File.WriteAllText(path, profile.ToJsonString());
        return DeviceProfileLoader.Load(path);
    }
}
