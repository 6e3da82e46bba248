namespace EdgeMer.Host.Perceiving;

/// <summary>One speech segment as <c>edgemer perceive --json</c> prints it for a sound file (one JSON object per line).</summary>
internal sealed record PerceivedSpeech(
    string Modality,
    double StartSeconds,
    double EndSeconds,
    float SpeechProbability,
    string AffectSource,
    float? Valence,
    float? Arousal,
    float Quality,
    float VoicedFraction,
    float? F0MeanHz,
    float? F0StdSemitones,
    float? F0RangeSemitones,
    float IntensityDb,
    float SyllableRate,
    float? SpectralCentroidHz,
    float? AlphaRatioDb,
    float? HammarbergIndexDb,
    float? HnrDb,
    float? JitterLocal,
    float? ShimmerLocalDb,
    int BaselineSegments);
