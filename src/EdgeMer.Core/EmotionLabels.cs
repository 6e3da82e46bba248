namespace EdgeMer.Core;

/// <summary>Names and lookups for <see cref="EmotionLabel"/>, without reflection (Native AOT).</summary>
public static class EmotionLabels
{
    /// <summary>How many shared labels there are.</summary>
    public const int Count = 7;

    private static readonly string[] s_names = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    /// <summary>The labels in index order.</summary>
    public static ReadOnlySpan<string> Names => s_names;

    /// <summary>The wire and manifest name of <paramref name="label"/> (lower case).</summary>
    public static string Name(EmotionLabel label) => s_names[(int)label];

    /// <summary>Parses a lower-case label name as used in manifests and messages.</summary>
    public static bool TryParse(string? name, out EmotionLabel label)
    {
        for (int i = 0; i < s_names.Length; i++)
        {
            if (string.Equals(s_names[i], name, StringComparison.Ordinal))
            {
                label = (EmotionLabel)i;
                return true;
            }
        }

        label = default;
        return false;
    }
}
