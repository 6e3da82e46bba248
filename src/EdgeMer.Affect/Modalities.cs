namespace EdgeMer.Affect;

/// <summary>Names and lookups for <see cref="Modality"/>: the one table of them (manifests, messages and logs use it).</summary>
public static class Modalities
{
    /// <summary>How many modalities there are.</summary>
    public const int Count = 3;

    private static readonly string[] s_names = ["face", "voice", "body"];

    /// <summary>The names in <see cref="Modality"/> order.</summary>
    public static ReadOnlySpan<string> Names => s_names;

    /// <summary>The lower-case name of <paramref name="modality"/> (face, voice, body).</summary>
    public static string Name(Modality modality) =>
        (uint)modality < Count ? s_names[(int)modality] : throw new ArgumentOutOfRangeException(nameof(modality), modality, "not a modality");

    /// <summary>Parses a lower-case modality name.</summary>
    public static bool TryParse(string? name, out Modality modality)
    {
        int index = Array.IndexOf(s_names, name);
        modality = index >= 0 ? (Modality)index : default;
        return index >= 0;
    }
}
