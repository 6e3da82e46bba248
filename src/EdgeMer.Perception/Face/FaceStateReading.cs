namespace EdgeMer.Perception.Face;

/// <summary>What <see cref="FaceStateTracker"/> reads from one face at one moment, over its recent past.</summary>
public readonly record struct FaceStateReading(
    float EyeOpenness,
    bool EyesClosed,
    float EyesClosedSeconds,
    int Blinks,
    float BlinksPerMinute,
    float Perclos,
    float MouthOpening,
    bool Yawning,
    int Yawns,
    float YawnsPerMinute,
    bool EyesOffRoad,
    float EyesOffRoadSeconds);
