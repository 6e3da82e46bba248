namespace EdgeMer.Affect;

/// <summary>
/// A point in Russell's circumplex: valence (unpleasant −1 to pleasant +1) and arousal (calm −1 to
/// excited +1). The constructor refuses values outside [−1, 1].
/// </summary>
public readonly record struct ValenceArousal
{
    public ValenceArousal(float valence, float arousal)
    {
        Valence = Check.Signed(valence, nameof(valence));
        Arousal = Check.Signed(arousal, nameof(arousal));
    }

    public float Valence { get; }

    public float Arousal { get; }

    /// <summary>
    /// The point a distribution stands for: the anchors of the labels (<paramref name="anchors"/>, in
    /// <see cref="EmotionLabel"/> order, as a model's manifest gives them) weighted by their probabilities.
    /// </summary>
    public static ValenceArousal Expected(EmotionDistribution distribution, ReadOnlySpan<ValenceArousal> anchors)
    {
        if (anchors.Length != EmotionLabels.Count)
        {
            throw new ArgumentException($"expected {EmotionLabels.Count} anchors (one per shared label), got {anchors.Length}", nameof(anchors));
        }

        ReadOnlySpan<float> p = distribution.AsSpan();
        float valence = 0, arousal = 0, total = 0;
        for (int i = 0; i < p.Length; i++)
        {
            valence += p[i] * anchors[i].Valence;
            arousal += p[i] * anchors[i].Arousal;
            total += p[i];
        }

        return total > 0 ? new ValenceArousal(Math.Clamp(valence / total, -1f, 1f), Math.Clamp(arousal / total, -1f, 1f)) : default;
    }
}
