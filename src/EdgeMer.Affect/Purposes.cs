namespace EdgeMer.Affect;

/// <summary>Names and lookups for <see cref="Purpose"/> as profiles and configuration write them.</summary>
public static class Purposes
{
    private static readonly string[] s_names = ["driver-safety", "companion", "education", "workplace", "research"];

    /// <summary>The names in <see cref="Purpose"/> order.</summary>
    public static ReadOnlySpan<string> Names => s_names;

    /// <summary>The name of <paramref name="purpose"/> (for example <c>driver-safety</c>).</summary>
    public static string Name(Purpose purpose) =>
        (uint)purpose < (uint)s_names.Length ? s_names[(int)purpose] : throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "not a purpose");

    /// <summary>Parses a purpose name.</summary>
    public static bool TryParse(string? name, out Purpose purpose)
    {
        int index = Array.IndexOf(s_names, name);
        purpose = index >= 0 ? (Purpose)index : default;
        return index >= 0;
    }
}
