namespace EdgeMer.Perception.Face;

/// <summary>Thresholds and windows of the eye, mouth and head logic (<see cref="FaceStateTracker"/>).</summary>
public sealed class FaceStateOptions
{
    /// <summary>Eye aspect ratio of a closed eye: openness 0 at or below it.</summary>
    public float ClosedEyeRatio { get; init; } = 0.10f;

    /// <summary>Eye aspect ratio of an eye open as usual: openness 1 at or above it.</summary>
    public float OpenEyeRatio { get; init; } = 0.25f;

    /// <summary>Openness at or below which the eyes count as closed: 0.2 is "at least 80 % closed", PERCLOS's P80.</summary>
    public float ClosedOpenness { get; init; } = 0.2f;

    /// <summary>Openness above which closed eyes count as open again (a margin over <see cref="ClosedOpenness"/> keeps noise from making blinks).</summary>
    public float ReopenedOpenness { get; init; } = 0.35f;

    /// <summary>The longest closure that is a blink; longer ones are eyes closed (a microsleep, not a blink).</summary>
    public TimeSpan MaxBlink { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The window PERCLOS, blinks per minute and yawns per minute are measured over.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Mouth opening (<see cref="FaceGeometry.MouthOpening"/>) at or above which the mouth is wide open.</summary>
    public float YawnOpening { get; init; } = 0.5f;

    /// <summary>How long the mouth must stay wide open for a yawn (speech opens it wide only briefly).</summary>
    public TimeSpan MinYawn { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Head yaw beyond which, either way, the eyes are off the road (the task), in degrees.</summary>
    public float OffRoadYawDegrees { get; init; } = 30f;

    /// <summary>Head pitch beyond which, either way, the eyes are off the road, in degrees.</summary>
    public float OffRoadPitchDegrees { get; init; } = 20f;

    /// <summary>Samples a window holds at most (the frame rate times the window, with room).</summary>
    public int WindowCapacity { get; init; } = 4096;

    internal void Validate()
    {
        Check(ClosedEyeRatio >= 0 && OpenEyeRatio > ClosedEyeRatio && OpenEyeRatio < 2, "ClosedEyeRatio and OpenEyeRatio", "0 ≤ closed < open < 2");
        Check(ClosedOpenness is > 0 and < 1 && ReopenedOpenness > ClosedOpenness && ReopenedOpenness <= 1, "ClosedOpenness and ReopenedOpenness", "0 < closed < reopened ≤ 1");
        Check(MaxBlink > TimeSpan.Zero, nameof(MaxBlink), "positive");
        Check(Window > TimeSpan.Zero && Window <= TimeSpan.FromHours(1), nameof(Window), "positive and at most an hour");
        Check(YawnOpening is > 0 and < 5, nameof(YawnOpening), "between 0 and 5");
        Check(MinYawn > TimeSpan.Zero, nameof(MinYawn), "positive");
        Check(OffRoadYawDegrees is > 0 and < 180 && OffRoadPitchDegrees is > 0 and < 180, "OffRoadYawDegrees and OffRoadPitchDegrees", "between 0 and 180");
        Check(WindowCapacity is >= 16 and <= 1_000_000, nameof(WindowCapacity), "16 to 1,000,000");
    }

    private static void Check(bool valid, string name, string allowed)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be {allowed}");
        }
    }
}
