namespace EdgeMer.Affect;

/// <summary>Names and lookups for <see cref="EmotionLabel"/>, without reflection (Native AOT).</summary>
public static class EmotionLabels
{
    /// <summary>How many shared labels there are.</summary>
    public const int Count = 7;

    private static readonly string[] s_names = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    /// <summary>The labels in index order.</summary>
    public static ReadOnlySpan<string> Names => s_names;

    /// <summary>The wire and manifest name of <paramref name="label"/> (lower case).</summary>
    public static string Name(EmotionLabel label) =>
        (uint)label < Count ? s_names[(int)label] : throw new ArgumentOutOfRangeException(nameof(label), label, "not a shared emotion label");

    /// <summary>Parses a lower-case label name as used in manifests and messages.</summary>
    public static bool TryParse(string? name, out EmotionLabel label)
    {
        int index = Array.IndexOf(s_names, name);
        label = index >= 0 ? (EmotionLabel)index : default;
        return index >= 0;
    }
}
