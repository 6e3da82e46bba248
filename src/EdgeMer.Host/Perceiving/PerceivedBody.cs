namespace EdgeMer.Host.Perceiving;

/// <summary>
/// One body track at one pose as <c>edgemer perceive --modality body --json</c> prints it (one JSON object
/// per line). <c>Feet</c>: the heels and toes (left heel, right heel, left toe, right toe, each [x, y, score])
/// when the pose model gives them (BlazePose), else null.
/// </summary>
internal sealed record PerceivedBody(
    string Modality,
    long? Frame,
    int? SourceTrack,
    double TimeSeconds,
    int Track,
    string Activity,
    string AffectSource,
    float? Valence,
    float? Arousal,
    float Quality,
    double WindowSeconds,
    float Visibility,
    float? BodyHeightPixels,
    float? SpeedBodyHeightsPerSecond,
    float? CadenceStepsPerMinute,
    float? StrideBodyHeights,
    bool StrideFromHeels,
    float? ArmSwingDegrees,
    float? TrunkLeanDegrees,
    float? HeadPitchDegrees,
    float? Expansion,
    float? Jerk,
    float? Sway,
    float[][] Keypoints,
    float[][]? Feet);
