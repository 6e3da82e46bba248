using EdgeMer.Affect;
using EdgeMer.Platform;
using EdgeMer.Messaging.Wire;

namespace EdgeMer.Messaging.Tests;

/// <summary>Messages shaped like what the fuser, alerting and health monitoring will produce.</summary>
internal static class WireSamples
{
    internal static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    internal static DistributionReading Distribution(float happy) =>
        DistributionReading.FromProbabilities([0.05f, 0.01f, 0.02f, happy, 0.04f, 0.03f, 0.85f - happy]);

    internal static EmotionSummary FullSummary(int second = 0) => new(
        "companion",
        track: 3,
        new WindowReading(Start.AddSeconds(second), Start.AddSeconds(second + 1)),
        paused: false,
        Distribution(0.6f),
        new AffectReading(0.45f, 0.2f),
        new AffectiveStates(0.1f, 0.05f, 0.2f, 0.02f, 0f, 0.7f, null),
        confidence: 0.8f,
        [
            new ModalityReading(Modality.Face, 0.9f, 40, 0.6f, Distribution(0.7f), new AffectReading(0.5f, 0.25f), disagrees: false),
            new ModalityReading(Modality.Voice, 0.7f, 120, 0.4f, Distribution(0.4f), new AffectReading(0.3f, 0.1f), disagrees: false),
        ]);

    /// <summary>The largest summary the types allow: every field set, longest numbers, all three modalities.</summary>
    internal static EmotionSummary LargestSummary()
    {
        // Probabilities with many significant digits print longest.
        float third = 1f / 7f;
        var spread = DistributionReading.FromProbabilities([third, third, third, third, third, third, 1f - (6 * third)]);
        var affect = new AffectReading(-0.123456789f, -0.987654321f);
        return new EmotionSummary(
            "driver-safety",
            int.MaxValue,
            new WindowReading(new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(9999), new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(9999)),
            paused: false,
            spread,
            affect,
            new AffectiveStates(third, third, third, third, third, third, third),
            confidence: third,
            [
                new ModalityReading(Modality.Face, third, ModalityReading.MaxAgeMilliseconds, third, spread, affect, disagrees: false),
                new ModalityReading(Modality.Voice, third, ModalityReading.MaxAgeMilliseconds, third, spread, affect, disagrees: false),
                new ModalityReading(Modality.Body, third, ModalityReading.MaxAgeMilliseconds, third, spread, affect, disagrees: true),
            ]);
    }

    /// <summary>
    /// The largest health report the types allow: every list full, every identifier at its longest,
    /// every number at its widest.
    /// </summary>
    internal static HealthReport LargestHealth()
    {
        var stages = new List<StageHealth>(HealthReport.MaxEntries);
        var models = new List<ModelVersion>(HealthReport.MaxEntries);
        for (int i = 0; i < HealthReport.MaxEntries; i++)
        {
            string name = $"stage.{i:D2}".PadRight(32, 'x');
            stages.Add(new StageHealth(name, 3_599_999.8f, 3_599_999.8f, 99_999.98f, long.MaxValue, long.MaxValue));
            models.Add(new ModelVersion($"model.{i:D2}".PadRight(32, 'x'), $"v{i:D2}".PadRight(32, 'x')));
        }

        return new HealthReport(
            Start, uptimeSeconds: 123_456_789.123456, paused: false, purpose: "driver-safety", provider: "tensorrt", stages, models,
            degradation: "pauseModality", new ProcessHealth(ProcessHealth.MaxCpuPercent - 0.01f, ProcessHealth.MaxRssMiB - 0.01f), new UpdateHealth(long.MaxValue, "rolledBack"));
    }

    internal static SafetyAlert Alert() =>
        new(Start.AddSeconds(3), AlertKind.Drowsiness, AlertSeverity.Warning, AlertReason.EyesClosedTooLong, Modality.Face, value: 2.4f, threshold: 1.5f);

    internal static HealthReport Health() => new(
        Start.AddSeconds(5),
        uptimeSeconds: 5.25,
        paused: false,
        purpose: "companion",
        provider: "cpu",
        [new StageHealth("face.detect", 4.1f, 7.9f, 15f, 3, deadlineMisses: 1), new StageHealth("voice.ser", 11f, 19.5f, 4f, 0)],
        [new ModelVersion("blazeface", "human-models-3.0.4"), new ModelVersion("emotion", "fer2013-int8")],
        degradation: "lowerRates",
        new ProcessHealth(87.5f, 212.25f),
        new UpdateHealth(7, "committed"));
}
