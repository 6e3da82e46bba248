using EdgeMer.Affect;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// The speech affect heuristic: a segment's prosody as z-scores against the speaker's running norm,
/// mapped to arousal and a cautious valence by fixed weights taken from the literature (Juslin and
/// Laukka 2003; Eyben et al. 2016; the mapping and its sources are in docs/perception.md, "Voice").
/// It is a heuristic, not a trained model, and says so wherever its output goes.
/// </summary>
public sealed class SpeechAffectEstimator
{
    /// <summary>The largest valence the heuristic reports either way: the voice's evidence for valence is weak.</summary>
    public const float MaxValence = 0.3f;

    private const float IntensityWeight = 0.30f, PitchLevelWeight = 0.25f, PitchVariabilityWeight = 0.15f, RateWeight = 0.15f, BalanceWeight = 0.15f;
    private const double FullDurationSeconds = 2.0, FullVoicing = 0.4, FullBaselineSegments = 5;

    /// <summary>The speaker's norm (one source, one speaker).</summary>
    public SpeakerBaseline Baseline { get; } = new();

    /// <summary>Reads <paramref name="features"/> against the norm so far, without learning from them.</summary>
    public SpeechAffect Estimate(in ProsodyFeatures features)
    {
        float intensity = Baseline.ZScore(SpeechCue.Intensity, features.IntensityDb);
        float level = Baseline.ZScore(SpeechCue.PitchLevel, features.F0MeanSemitones);
        float variability = Baseline.ZScore(SpeechCue.PitchVariability, features.F0StdSemitones);
        float rate = Baseline.ZScore(SpeechCue.SpeakingRate, features.SyllableRate);
        float balance = Baseline.ZScore(SpeechCue.SpectralBalance, features.AlphaRatioDb);
        float harmonicity = Baseline.ZScore(SpeechCue.Harmonicity, features.HnrDb);
        float score = (IntensityWeight * intensity) + (PitchLevelWeight * level) + (PitchVariabilityWeight * variability)
            + (RateWeight * rate) + (BalanceWeight * balance);
        float arousal = MathF.Tanh(score);
        // Lively intonation and a clear (harmonic) voice lean positive, a flat or rough one negative; weakly.
        float valence = MaxValence * MathF.Tanh(0.5f * (variability + harmonicity) / 2f);
        double quality = Math.Min(1, features.DurationSeconds / FullDurationSeconds)
            * Math.Min(1, features.VoicedFraction / FullVoicing)
            * (0.5 + (0.5 * Math.Min(1, Baseline.Segments / FullBaselineSegments)));
        return new SpeechAffect
        {
            Affect = new ValenceArousal(valence, arousal),
            Quality = features.HasPitch ? (float)quality : 0f,
            ArousalScore = score,
            IntensityZ = intensity,
            PitchLevelZ = level,
            PitchVariabilityZ = variability,
            SpeakingRateZ = rate,
            SpectralBalanceZ = balance,
            HarmonicityZ = harmonicity,
            BaselineSegments = Baseline.Segments,
        };
    }

    /// <summary>Reads <paramref name="features"/>, then adds them to the speaker's norm.</summary>
    public SpeechAffect EstimateAndLearn(in ProsodyFeatures features)
    {
        SpeechAffect affect = Estimate(features);
        if (features.HasPitch)
        {
            Baseline.Learn(features);
        }

        return affect;
    }
}
