using EdgeMer.Affect;

namespace EdgeMer.Fusion.Tests;

/// <summary>Observations as the pipelines make them, at chosen capture times.</summary>
internal static class Evidence
{
    public static readonly DateTimeOffset Wall = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static EmotionDistribution Happy { get; } = EmotionDistribution.FromProbabilities([0.02f, 0.02f, 0.02f, 0.80f, 0.02f, 0.02f, 0.10f]);

    public static EmotionDistribution Angry { get; } = EmotionDistribution.FromProbabilities([0.80f, 0.05f, 0.05f, 0.02f, 0.03f, 0.02f, 0.03f]);

    public static EmotionDistribution Neutral { get; } = EmotionDistribution.FromProbabilities([0.05f, 0.02f, 0.03f, 0.10f, 0.05f, 0.05f, 0.70f]);

    public static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    public static TimeWindow WindowAt(TimeSpan t) => new(Wall + t - Seconds(0.5), Wall + t);

    public static Observation Face(double at, float quality = 1f, EmotionDistribution? emotions = null, ValenceArousal? affect = null, int? track = 0, ModalityStates states = default) =>
        new(Modality.Face, CaptureWindow.At(Seconds(at)), quality, emotions, affect, states, track);

    public static Observation Voice(double at, float quality = 1f, EmotionDistribution? emotions = null, ValenceArousal? affect = null, int? track = null, float speaking = 1f) =>
        new(Modality.Voice, new CaptureWindow(Seconds(at - 0.5), Seconds(at)), quality, emotions, affect, new ModalityStates(speaking: speaking), track);

    public static Observation Body(double at, float quality = 1f, EmotionDistribution? emotions = null, ValenceArousal? affect = null, int? track = 0, float walking = 0f) =>
        new(Modality.Body, CaptureWindow.At(Seconds(at)), quality, emotions, affect, new ModalityStates(walking: walking), track);

    public static ModalityStates Eyes(float perclos = 0.02f, float closedSeconds = 0f, bool lookingAway = false, float yawnsPerMinute = 0f) =>
        new(eyeOpenness: closedSeconds > 0 ? 0f : 0.9f, eyesClosed: closedSeconds > 0 ? 1f : 0f, yawning: 0f, lookingAway: lookingAway ? 1f : 0f,
            perclos: perclos, blinksPerMinute: 12f, yawnsPerMinute: yawnsPerMinute, eyesClosedSeconds: closedSeconds, eyesOffRoadSeconds: 0f);

    public static float L1(EmotionDistribution a, EmotionDistribution b)
    {
        float sum = 0f;
        for (int k = 0; k < EmotionLabels.Count; k++)
        {
            sum += MathF.Abs(a.AsSpan()[k] - b.AsSpan()[k]);
        }

        return sum;
    }
}
