using EdgeMer.Inference;

namespace EdgeMer.Devices;

/// <summary>A device profile's provider names as the inference binding takes them (names: <see cref="ExecutionProviderNames"/>).</summary>
public static class DeviceProviders
{
    /// <summary>The provider a profile name stands for; the name must be one of <see cref="ExecutionProviderNames.ProfileNames"/>.</summary>
    public static ExecutionProviderKind KindOf(string name) =>
        ExecutionProviderNames.TryParseProfileName(name, out ExecutionProviderKind kind)
            ? kind
            : throw new ArgumentException($"'{name}' is not a provider name; allowed: {string.Join(", ", ExecutionProviderNames.ProfileNames)}", nameof(name));

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
