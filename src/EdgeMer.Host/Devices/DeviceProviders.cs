using EdgeMer.Inference;

namespace EdgeMer.Host.Devices;

/// <summary>The execution provider names device profiles use, and the providers they stand for.</summary>
public static class DeviceProviders
{
    private static readonly string[] s_names = ["TensorRT", "CUDA", "DirectML", "XNNPACK", "CPU"];

    private static readonly ExecutionProviderKind[] s_kinds =
    [
        ExecutionProviderKind.TensorRT,
        ExecutionProviderKind.Cuda,
        ExecutionProviderKind.DirectML,
        ExecutionProviderKind.Xnnpack,
        ExecutionProviderKind.Cpu,
    ];

    /// <summary>The names a profile may list, in the order the table above gives them.</summary>
    public static IReadOnlyList<string> Names => s_names;

    /// <summary>The provider a profile name stands for; the name must be one of <see cref="Names"/>.</summary>
    public static ExecutionProviderKind KindOf(string name)
    {
        int index = Array.IndexOf(s_names, name);
        return index >= 0
            ? s_kinds[index]
            : throw new ArgumentException($"'{name}' is not a provider name; allowed: {string.Join(", ", s_names)}", nameof(name));
    }

    /// <summary>The profile's provider preferences as the inference binding takes them.</summary>
    public static IReadOnlyList<ExecutionProviderKind> Preferences(DeviceProfile profile)
    {
        var kinds = new ExecutionProviderKind[profile.Inference.Providers.Count];
        for (int i = 0; i < kinds.Length; i++)
        {
            kinds[i] = KindOf(profile.Inference.Providers[i]);
        }

        return kinds;
    }
}
