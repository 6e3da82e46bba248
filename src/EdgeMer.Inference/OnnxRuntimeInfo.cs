using EdgeMer.Inference.Interop.OnnxRuntime;

namespace EdgeMer.Inference;

/// <summary>The ONNX Runtime this process uses: which library, which version, which C API version, which providers.</summary>
public sealed class OnnxRuntimeInfo
{
    private static readonly Lazy<OnnxRuntimeInfo> s_current = new(Read, LazyThreadSafetyMode.ExecutionAndPublication);

    private OnnxRuntimeInfo(string version, string libraryPath, IReadOnlyList<string> availableProviders)
    {
        Version = version;
        ApiVersion = (int)OrtApiVersion.Minimum;
        LibraryPath = libraryPath;
        AvailableProviders = availableProviders;
    }

    /// <summary>The lowest C API version EdgeMer needs (ONNX Runtime 1.12); older runtimes are refused with a clear error.</summary>
    public static int MinimumApiVersion => (int)OrtApiVersion.Minimum;

    /// <summary>
    /// The runtime of this process, loading the native library on first use.
    /// Throws <see cref="OnnxRuntimeLibraryNotFoundException"/> when no usable library is found.
    /// </summary>
    public static OnnxRuntimeInfo Current => s_current.Value;

    /// <summary>The runtime's version string, for example "1.30.0".</summary>
    public string Version { get; }

    /// <summary>The C API version EdgeMer requested and uses (its pinned minimum; newer runtimes serve it unchanged).</summary>
    public int ApiVersion { get; }

    /// <summary>Where the library was loaded from (a full path, or the file name the system loader resolved).</summary>
    public string LibraryPath { get; }

    /// <summary>The execution providers this build offers, as ONNX Runtime names them (for example "CPUExecutionProvider").</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    private static OnnxRuntimeInfo Read()
    {
        OrtLibrary library = OrtNative.Library;
        return new OnnxRuntimeInfo(library.Version, library.Location, Ort.GetAvailableProviders());
    }
}
