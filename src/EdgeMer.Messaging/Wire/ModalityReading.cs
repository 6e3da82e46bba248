using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>The wire form of a <see cref="ModalityContribution"/>: what one modality contributed to a summary.</summary>
public sealed class ModalityReading
{
    /// <summary>The oldest observation a summary reports (one hour); older ones are not "contributing".</summary>
    public const int MaxAgeMilliseconds = 3_600_000;

    [JsonConstructor]
    public ModalityReading(Modality modality, float quality, int ageMs, float weight, DistributionReading? emotions, AffectReading? affect, bool disagrees)
    {
        if (ageMs < 0 || ageMs > MaxAgeMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(ageMs), ageMs, $"ageMs must be from 0 to {MaxAgeMilliseconds}");
        }

        Contribution = new ModalityContribution(modality, quality, TimeSpan.FromMilliseconds(ageMs), weight, emotions?.Value, affect?.Value, disagrees);
        AgeMs = ageMs;
        Emotions = emotions;
        Affect = affect;
    }

    /// <summary>Face, voice or body.</summary>
    public Modality Modality => Contribution.Modality;

    /// <summary>The perception pipeline's quality for its latest observation (face size, SNR, keypoint confidence), 0 to 1.</summary>
    public float Quality => Contribution.Quality;

    /// <summary>Freshness: how old its latest observation was when the summary was made, in milliseconds.</summary>
    public int AgeMs { get; }

    /// <summary>The weight the fuser gave it, 0 to 1 (weights of a summary add up to 1).</summary>
    public float Weight => Contribution.Weight;

    /// <summary>Its own emotion distribution, when it estimates one.</summary>
    public DistributionReading? Emotions { get; }

    /// <summary>Its own valence/arousal, when it estimates them.</summary>
    public AffectReading? Affect { get; }

    /// <summary>The fuser found it at odds with the other modalities.</summary>
    public bool Disagrees => Contribution.Disagrees;

    /// <summary>The contribution as the domain holds it.</summary>
    [JsonIgnore]
    public ModalityContribution Contribution { get; }

    /// <summary>The wire form of a domain contribution (its age rounded to whole milliseconds).</summary>
    public static ModalityReading From(ModalityContribution contribution) => new(
        contribution.Modality,
        contribution.Quality,
        (int)Math.Round(contribution.Age.TotalMilliseconds),
        contribution.Weight,
        contribution.Emotions is { } e ? DistributionReading.From(e) : null,
        contribution.Affect is { } a ? AffectReading.From(a) : null,
        contribution.Disagrees);
}
