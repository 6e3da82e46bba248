using System.Reflection;
using System.Runtime.InteropServices;
using EdgeMer.Inference;
using Microsoft.ML.OnnxRuntime;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// Joins the official managed ONNX Runtime API (Microsoft.ML.OnnxRuntime) to this process's EdgeMer
/// runtime, so the two are compared on equal terms: its <c>onnxruntime</c> imports resolve to the very
/// library EdgeMer loaded (one native copy, not a second one found by another search), and its
/// <see cref="OrtEnv"/> is EdgeMer's environment, which must exist first (ONNX Runtime keeps one per
/// process; the later creator gets the first one's, so the official sessions log through EdgeMer's logger).
/// </summary>
internal static class OfficialOnnxRuntime
{
    private static readonly Lock s_gate = new();
    private static string? s_library;

    /// <summary>The managed API's version, from its assembly.</summary>
    public static string Version =>
        typeof(OrtEnv).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(OrtEnv).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Points the official API at <paramref name="environment"/>'s library and returns its (shared) environment.</summary>
    /// <exception cref="InvalidOperationException">
    /// The official API was already used in this process with another library, or it cannot run on this one
    /// (it asks for its own release's C API, so a runtime older than it is refused).
    /// </exception>
    public static OrtEnv Join(InferenceEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        lock (s_gate)
        {
            if (s_library is null)
            {
                // Must precede any other use of the official API: its own resolver is installed by
                // the static constructor that first use runs, and an assembly takes one resolver.
                OrtEnv.DisableDllImportResolver = true;
                NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, Resolve);
                s_library = environment.Runtime.LibraryPath;
            }
            else if (!string.Equals(s_library, environment.Runtime.LibraryPath, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The official ONNX Runtime API is already bound to {s_library}, not {environment.Runtime.LibraryPath}");
            }
        }

        try
        {
            return OrtEnv.Instance();
        }
        catch (Exception e) when (e is TypeInitializationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            Exception cause = e;
            while (cause.InnerException is not null)
            {
                cause = cause.InnerException;
            }

            throw new InvalidOperationException(
                $"The official ONNX Runtime API {Version} cannot run on ONNX Runtime {environment.Runtime.Version} ({environment.Runtime.LibraryPath}): {cause.Message.Trim()}", e);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == "onnxruntime" ? NativeLibrary.Load(s_library!) : 0;
}
