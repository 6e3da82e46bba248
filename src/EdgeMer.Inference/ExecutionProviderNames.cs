namespace EdgeMer.Inference;

/// <summary>
/// The one table of execution provider names: ONNX Runtime's (<c>GetAvailableProviders</c>), the
/// device profiles' (<c>TensorRT</c>), and the short id the health message carries (<c>tensorrt</c>).
/// </summary>
public static class ExecutionProviderNames
{
    private static readonly (ExecutionProviderKind Kind, string Ort, string Profile, string Id)[] s_table =
    [
        (ExecutionProviderKind.TensorRT, "TensorrtExecutionProvider", "TensorRT", "tensorrt"),
        (ExecutionProviderKind.Cuda, "CUDAExecutionProvider", "CUDA", "cuda"),
        (ExecutionProviderKind.DirectML, "DmlExecutionProvider", "DirectML", "directml"),
        (ExecutionProviderKind.Xnnpack, "XnnpackExecutionProvider", "XNNPACK", "xnnpack"),
        (ExecutionProviderKind.Cpu, "CPUExecutionProvider", "CPU", "cpu"),
    ];

    private static readonly string[] s_profileNames = Array.ConvertAll(s_table, row => row.Profile);

    /// <summary>The names a device profile may list, in order of preference on a typical device.</summary>
    public static IReadOnlyList<string> ProfileNames => s_profileNames;

    /// <summary>ONNX Runtime's name for <paramref name="kind"/> (<c>CUDAExecutionProvider</c>).</summary>
    public static string Of(ExecutionProviderKind kind) => Row(kind).Ort;

    /// <summary>The name device profiles use for <paramref name="kind"/> (<c>CUDA</c>).</summary>
    public static string ProfileName(ExecutionProviderKind kind) => Row(kind).Profile;

    /// <summary>The short id messages carry for <paramref name="kind"/> (<c>cuda</c>).</summary>
    public static string Id(ExecutionProviderKind kind) => Row(kind).Id;

    /// <summary>The provider a device profile's name stands for.</summary>
    public static bool TryParseProfileName(string? name, out ExecutionProviderKind kind)
    {
        foreach (var row in s_table)
        {
            if (string.Equals(row.Profile, name, StringComparison.Ordinal))
            {
                kind = row.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private static (ExecutionProviderKind Kind, string Ort, string Profile, string Id) Row(ExecutionProviderKind kind)
    {
        foreach (var row in s_table)
        {
            if (row.Kind == kind)
            {
                return row;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an execution provider EdgeMer knows");
    }
}
