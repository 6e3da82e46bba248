using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace EdgeMer.Inference.Tests;

/// <summary>
/// The official managed API (Microsoft.ML.OnnxRuntime) in the test process, resolved to the library
/// EdgeMer's binding loaded, and joined to EdgeMer's environment (created first, as EdgeMer requires).
/// </summary>
public static class OfficialOnnxRuntime
{
    private static readonly Lazy<OrtEnv> s_environment = new(() => Join(TestEnvironment.Instance.Runtime.LibraryPath), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The official API's environment, which is EdgeMer's.</summary>
    public static OrtEnv Environment => s_environment.Value;

    /// <summary>Points the official API's <c>onnxruntime</c> imports at <paramref name="library"/> and creates (or joins) ONNX Runtime's environment.</summary>
    public static OrtEnv Join(string library)
    {
        // Before any other use of the official API: its own resolver is installed on first use, and an assembly takes one.
        OrtEnv.DisableDllImportResolver = true;
        NativeLibrary.SetDllImportResolver(
            typeof(OrtEnv).Assembly,
            (string name, Assembly assembly, DllImportSearchPath? path) => name == "onnxruntime" ? NativeLibrary.Load(library) : 0);
        return OrtEnv.Instance();
    }
}
