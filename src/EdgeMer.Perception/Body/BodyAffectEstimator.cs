using EdgeMer.Affect;

namespace EdgeMer.Perception.Body;

/// <summary>
/// A heuristic, not a trained model: valence and arousal from gait and posture, each cue read as a
/// z-score against a population norm of comfortable walking. See docs/perception.md ("Body affect")
/// for the mapping and its sources (Roether et al. 2009; Michalak et al. 2009; Kleinsmith and
/// Bianchi-Berthouze 2013).
/// </summary>
public static class BodyAffectEstimator
{
    // Population norms of comfortable walking, with deviations: speed ~1.3 m/s at ~1.7 m of stature,
    // cadence ~110 steps/min, arm swing ~20°, a slight forward lean, the head level.
    internal const float SpeedNorm = 0.75f, SpeedDeviation = 0.2f;
    internal const float CadenceNorm = 110f, CadenceDeviation = 10f;
    internal const float ArmSwingNorm = 20f, ArmSwingDeviation = 8f;
    internal const float LeanNorm = 5f, LeanDeviation = 5f;
    internal const float HeadPitchNorm = 0f, HeadPitchDeviation = 10f;
    internal const float SwayNorm = 0.01f, SwayDeviation = 0.01f;

    /// <summary>Window length at which quality stops rising with it (two strides or more).</summary>
    public static readonly TimeSpan FullWindow = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Arousal = tanh(0.45·z(speed) + 0.25·z(cadence) + 0.30·z(arm swing)); valence =
    /// 0.3·tanh(0.5·(z(head pitch) − z(trunk lean)) − 0.25·z(sway)), never beyond ±0.3; quality =
    /// visibility × min(1, window / 3 s). A cue that was not measured counts as its norm (z = 0).
    /// </summary>
    public static BodyAffect Estimate(in GaitFeatures features)
    {
        float quality = Quality(features);
        if (features.Activity != BodyActivity.Walking)
        {
            return new BodyAffect(null, quality);
        }

        float arousal = MathF.Tanh(
            (0.45f * Z(features.Speed, SpeedNorm, SpeedDeviation))
            + (0.25f * Z(features.Cadence, CadenceNorm, CadenceDeviation))
            + (0.30f * Z(features.ArmSwingDegrees, ArmSwingNorm, ArmSwingDeviation)));
        float valence = 0.3f * MathF.Tanh(
            (0.5f * (Z(features.HeadPitchDegrees, HeadPitchNorm, HeadPitchDeviation) - Z(features.TrunkLeanDegrees, LeanNorm, LeanDeviation)))
            - (0.25f * Z(features.Sway, SwayNorm, SwayDeviation)));
        return new BodyAffect(new ValenceArousal(valence, arousal), quality);
    }

    /// <summary>How far the window's evidence can be trusted: visibility × min(1, window / 3 s).</summary>
    public static float Quality(in GaitFeatures features) =>
        Math.Clamp(features.Visibility * (float)Math.Min(1, features.WindowSeconds / FullWindow.TotalSeconds), 0f, 1f);

    private static float Z(float? value, float norm, float deviation) => value is float v ? (v - norm) / deviation : 0f;
}
