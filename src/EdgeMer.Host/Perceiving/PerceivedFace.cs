namespace EdgeMer.Host.Perceiving;

/// <summary>One face in one frame as <c>edgemer perceive --json</c> prints it (one JSON object per line).</summary>
internal sealed record PerceivedFace(
    long Frame,
    double TimeSeconds,
    string? File,
    int Track,
    float[] Box,
    float[] Region,
    string? Emotion,
    float? EmotionProbability,
    Dictionary<string, float>? Emotions,
    float? Valence,
    float? Arousal,
    float EyeOpenness,
    bool EyesClosed,
    int Blinks,
    float Perclos,
    float MouthOpening,
    bool Yawning,
    float YawDegrees,
    float PitchDegrees,
    float RollDegrees,
    bool EyesOffRoad,
    float Quality);
