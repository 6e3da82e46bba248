using System.Text.Json.Serialization;
using EdgeMer.Core;

namespace EdgeMer.Messaging.Wire;

/// <summary>What one modality contributed to a summary, and how much it could be trusted.</summary>
public sealed class ModalityReading
{
    /// <summary>The oldest observation a summary reports (one hour); older ones are not "contributing".</summary>
    public const int MaxAgeMilliseconds = 3_600_000;

    [JsonConstructor]
    public ModalityReading(Modality modality, float quality, int ageMs, float weight, EmotionDistribution? emotions, Affect? affect, bool disagrees)
    {
        Modality = WireCheck.Defined(modality, "modality");
        Quality = WireCheck.Unit(quality, "quality");
        if (ageMs < 0 || ageMs > MaxAgeMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(ageMs), ageMs, $"ageMs must be from 0 to {MaxAgeMilliseconds}");
        }

        AgeMs = ageMs;
        Weight = WireCheck.Unit(weight, "weight");
        Emotions = emotions;
        Affect = affect;
        Disagrees = disagrees;
    }

    /// <summary>Face, voice or body.</summary>
    public Modality Modality { get; }

    /// <summary>The perception pipeline's quality for its latest observation (face size, SNR, keypoint confidence), 0 to 1.</summary>
    public float Quality { get; }

    /// <summary>Freshness: how old its latest observation was when the summary was made, in milliseconds.</summary>
    public int AgeMs { get; }

    /// <summary>The weight the fuser gave it, 0 to 1 (weights of a summary add up to 1).</summary>
    public float Weight { get; }

    /// <summary>Its own emotion distribution, when it estimates one.</summary>
    public EmotionDistribution? Emotions { get; }

    /// <summary>Its own valence/arousal, when it estimates them.</summary>
    public Affect? Affect { get; }

    /// <summary>The fuser found it at odds with the other modalities.</summary>
    public bool Disagrees { get; }
}
