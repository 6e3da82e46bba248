using EdgeMer.Devices;
using EdgeMer.Testing;

namespace EdgeMer.Devices.Tests;

// A profile may list only providers its ONNX Runtime can have: the bundled CPU build runs CPU only,
// the bundled GPU build (linux-x64) adds CUDA and TensorRT, and the device's own runtime (JetPack's)
// is the device's to answer for.
public sealed class DeviceProfileRuntimeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-profile-runtime-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_committed_profiles_promise_only_what_their_runtime_offers()
    {
        IReadOnlyList<DeviceProfile> profiles = DeviceProfileLoader.LoadAll(Path.Combine(RepoPaths.Root, "devices"));

        Assert.Equal(
            [("jetson-nano", "device"), ("jetson-orin-nano", "device"), ("raspberry-pi-4", "bundled"), ("raspberry-pi-5", "bundled"), ("x64-dev", "bundled")],
            profiles.Select(p => (p.Id, p.Inference.OnnxRuntime)));
        Assert.All(profiles.Where(p => p.Inference.OnnxRuntime == "bundled"), p => Assert.Equal(["CPU"], p.Inference.Providers));
        Assert.DoesNotContain(profiles, p => p.Inference.Providers.Contains("XNNPACK"));
    }

    [Theory]
    [InlineData("x64-dev.json", "\"providers\": [\"CPU\"]", "\"providers\": [\"XNNPACK\", \"CPU\"]",
        "$.inference.providers[0]", "'XNNPACK' is not in the bundled ONNX Runtime (Microsoft.ML.OnnxRuntime's CPU build offers CPU only)")]
    [InlineData("x64-dev.json", "\"onnxRuntime\": \"bundled\"", "\"onnxRuntime\": \"jetpack\"",
        "$.inference.onnxRuntime", "is 'jetpack'; allowed: bundled, bundled-gpu, device")]
    [InlineData("jetson-orin-nano.json", "\"onnxRuntime\": \"device\"", "\"onnxRuntime\": \"bundled-gpu\"",
        "$.inference.providers[0]", "'bundled-gpu' is a linux-x64 build; an arm64 device needs \"device\"")]
    [InlineData("jetson-orin-nano.json", "\"onnxRuntime\": \"device\"", "\"onnxRuntime\": \"bundled\"",
        "$.inference.providers[0]", "'TensorRT' is not in the bundled ONNX Runtime")]
    public void A_provider_the_profiles_runtime_cannot_have_is_rejected_naming_the_field(string file, string find, string replace, string field, string problem)
    {
        string good = File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", file));
        Assert.Contains(find, good, StringComparison.Ordinal);
        string path = Path.Combine(_dir, file);
        File.WriteAllText(path, good.Replace(find, replace, StringComparison.Ordinal));

        DeviceProfileException e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Load(path));

        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_x64_profile_may_ask_for_cuda_and_tensorrt_from_the_bundled_gpu_build()
    {
        string good = File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json"));
        string path = Path.Combine(_dir, "x64-dev.json");
        File.WriteAllText(path, good
            .Replace("\"providers\": [\"CPU\"]", "\"providers\": [\"TensorRT\", \"CUDA\", \"CPU\"]", StringComparison.Ordinal)
            .Replace("\"onnxRuntime\": \"bundled\"", "\"onnxRuntime\": \"bundled-gpu\"", StringComparison.Ordinal));

        DeviceProfile profile = DeviceProfileLoader.Load(path);

        Assert.Equal(["TensorRT", "CUDA", "CPU"], profile.Inference.Providers);
        Assert.Equal(DeviceOnnxRuntimes.BundledGpu, profile.Inference.OnnxRuntime);
    }
}
