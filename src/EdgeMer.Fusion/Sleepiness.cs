using EdgeMer.Affect;

namespace EdgeMer.Fusion;

/// <summary>
/// A sleepiness estimate on the scale of the Karolinska Sleepiness Scale (KSS; Åkerstedt &amp; Gillberg,
/// 1990: 1 "extremely alert" … 7 "sleepy, but no effort to keep awake" … 9 "extremely sleepy,
/// fighting sleep") from what the face measures. A heuristic, not a fitted model: PERCLOS (P80) is
/// the eye measure most used for drowsiness (Wierwille et al., 1994; Dinges &amp; Grace, 1998, who
/// found it tracked lapses best among the measures they compared), and 0.15 is a commonly used
/// drowsiness threshold, so it is placed at KSS 7 with the scale linear between these anchors:
/// PERCLOS 0 → 2, 0.075 → 5, 0.15 → 7, 0.30 and above → 9. Frequent yawning adds up to one step (3
/// or more yawns a minute add one), and eyes closed without a break past the microsleep threshold
/// read as at least 8. Nothing in it has been validated against KSS ratings; docs/fusion.md says so.
/// </summary>
public static class Sleepiness
{
    private static ReadOnlySpan<float> PerclosAnchors => [0f, 0.075f, 0.15f, 0.30f];

    private static ReadOnlySpan<float> LevelAnchors => [2f, 5f, 7f, 9f];

    /// <summary>The estimate, 1 to 9; null when the states carry no PERCLOS (no face measured).</summary>
    /// <param name="states">A face observation's states.</param>
    /// <param name="microsleep">Eyes closed at least this long read as at least 8.</param>
    public static float? Estimate(in ModalityStates states, TimeSpan microsleep)
    {
        if (states.Perclos is not float perclos)
        {
            return null;
        }

        float level = Interpolate(perclos, PerclosAnchors, LevelAnchors);
        if (states.YawnsPerMinute is float yawns)
        {
            level += Math.Min(1f, yawns / 3f);
        }

        if (states.EyesClosedSeconds is float closed && closed >= microsleep.TotalSeconds)
        {
            level = Math.Max(level, 8f);
        }

        return Math.Clamp(level, 1f, 9f);
    }

    /// <summary>The likelihood of being drowsy, 0 to 1, for an estimate: KSS 1 → 0, 9 → 1.</summary>
    public static float Likelihood(float level) => Math.Clamp((level - 1f) / 8f, 0f, 1f);

    private static float Interpolate(float x, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys)
    {
        if (x <= xs[0])
        {
            return ys[0];
        }

        for (int i = 1; i < xs.Length; i++)
        {
            if (x <= xs[i])
            {
                float t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + (t * (ys[i] - ys[i - 1]));
            }
        }

        return ys[^1];
    }
}
