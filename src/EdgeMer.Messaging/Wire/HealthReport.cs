using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>The runtime's health, published on <see cref="WireTopics.Health"/>.</summary>
public sealed class HealthReport
{
    /// <summary>Most stages or models a report lists.</summary>
    // 12 of each keeps the largest report, with the longest ids and widest numbers, inside the 4 KB
    // message limit (a test proves it); a device runs fewer stages and models than that.
    public const int MaxEntries = 12;

    [JsonConstructor]
    public HealthReport(
        DateTimeOffset time,
        double uptimeSeconds,
        bool paused,
        string purpose,
        string provider,
        IReadOnlyList<StageHealth> stages,
        IReadOnlyList<ModelVersion> models,
        string? degradation = null,
        ProcessHealth? process = null,
        UpdateHealth? update = null)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(models);
        if (!double.IsFinite(uptimeSeconds) || uptimeSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(uptimeSeconds), uptimeSeconds, "uptimeSeconds must be zero or more");
        }

        if (stages.Count > MaxEntries || models.Count > MaxEntries)
        {
            throw new ArgumentException($"a health report lists at most {MaxEntries} stages and {MaxEntries} models");
        }

        Time = WireCheck.Utc(time);
        UptimeSeconds = uptimeSeconds;
        Paused = paused;
        Purpose = Purposes.Name(WireCheck.Purpose(purpose));
        Provider = WireCheck.Token(provider, 32, "provider");
        Stages = stages;
        Models = models;
        if (degradation is not null && Array.IndexOf(s_degradationLevels, degradation) < 0)
        {
            throw new ArgumentException($"degradation is '{degradation}'; allowed: {string.Join(", ", s_degradationLevels)}", nameof(degradation));
        }

        Degradation = degradation;
        Process = process;
        Update = update;
    }

    /// <summary>The rungs of the degradation ladder, as the wire names them, from none to the last.</summary>
    public static IReadOnlyList<string> DegradationLevels => s_degradationLevels;

    private static readonly string[] s_degradationLevels = ["none", "lowerRates", "lighterModels", "smallerInput", "pauseModality"];

    public DateTimeOffset Time { get; }

    public double UptimeSeconds { get; }

    /// <summary>The privacy switch holds capture stopped.</summary>
    public bool Paused { get; }

    /// <summary>What the device is deployed for (<c>driver-safety</c>, ...); it limits what its summaries carry.</summary>
    public string Purpose { get; }

    /// <summary>The ONNX Runtime execution provider in use (cpu, cuda, tensorrt, directml, xnnpack).</summary>
    public string Provider { get; }

    public IReadOnlyList<StageHealth> Stages { get; }

    public IReadOnlyList<ModelVersion> Models { get; }

    /// <summary>The degradation ladder's rung in force (<see cref="DegradationLevels"/>), null where nothing is sensed; added within version 1.</summary>
    public string? Degradation { get; }

    /// <summary>The process's CPU and memory; added within version 1.</summary>
    public ProcessHealth? Process { get; }

    /// <summary>Model updates from signed bundles, null where updates are off; added within version 1.</summary>
    public UpdateHealth? Update { get; }
}
