namespace EdgeMer.Devices;

/// <summary>
/// The ONNX Runtime a device profile's providers need, and what each offers, so a profile cannot
/// promise a provider its runtime does not have. No runtime EdgeMer can ship has XNNPACK.
/// </summary>
public static class DeviceOnnxRuntimes
{
    /// <summary>The CPU build published beside edgemer (Microsoft.ML.OnnxRuntime): CPU only.</summary>
    public const string Bundled = "bundled";

    /// <summary>The CUDA/TensorRT build (Microsoft.ML.OnnxRuntime.Gpu.Linux) of <c>./build.sh publish --gpu</c>: linux-x64 only.</summary>
    public const string BundledGpu = "bundled-gpu";

    /// <summary>The device's own ONNX Runtime, named by <c>EDGEMER_ORT_LIB</c> (JetPack's CUDA/TensorRT build, for example).</summary>
    public const string Device = "device";

    /// <summary>The values a profile may give.</summary>
    public static IReadOnlyList<string> Names { get; } = [Bundled, BundledGpu, Device];

    /// <summary>
    /// Why <paramref name="provider"/> cannot run on <paramref name="runtime"/> for a device of
    /// <paramref name="arch"/>; null when it can (or, for the device's own runtime, may: only the device knows).
    /// </summary>
    public static string? Refuses(string runtime, string arch, string provider) => runtime switch
    {
        Bundled when provider != "CPU" =>
            $"'{provider}' is not in the bundled ONNX Runtime (Microsoft.ML.OnnxRuntime's CPU build offers CPU only); " +
            $"list CPU only, or set $.inference.onnxRuntime to \"{Device}\" (the device's own runtime, named by EDGEMER_ORT_LIB) " +
            $"or, on x64, \"{BundledGpu}\" (./build.sh publish --gpu)",
        BundledGpu when arch != "x64" =>
            $"'{BundledGpu}' is a linux-x64 build; an {arch} device needs \"{Device}\" (its own runtime, for example JetPack's)",
        BundledGpu when provider is not ("TensorRT" or "CUDA" or "CPU") =>
            $"'{provider}' is not in the bundled GPU build (it offers TensorRT, CUDA and CPU)",
        _ => null,
    };
}
