using System.Reflection;

namespace EdgeMer.Runtime;

/// <summary>The version of this EdgeMer build, as status replies and doctor report it.</summary>
public static class EdgeMerVersion
{
    /// <summary>The informational version without the source-revision suffix ("1.0.0", not "1.0.0+abc123").</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        string version = typeof(EdgeMerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
