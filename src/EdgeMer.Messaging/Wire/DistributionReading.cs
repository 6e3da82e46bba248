using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The wire form of a distribution over the shared labels (<see cref="EmotionLabel"/>): one property
/// per label, adding up to 1. Checked by the domain's <see cref="EmotionDistribution"/>,
/// so the wire accepts exactly what the domain can hold.
/// </summary>
public sealed class DistributionReading
{
    /// <summary>How far the sum may stray from 1.</summary>
    public const float SumTolerance = EmotionDistribution.SumTolerance;

    [JsonConstructor]
    public DistributionReading(float angry, float disgust, float fear, float happy, float sad, float surprise, float neutral)
        : this(EmotionDistribution.FromProbabilities([angry, disgust, fear, happy, sad, surprise, neutral]))
    {
    }

    private DistributionReading(EmotionDistribution value)
    {
        Value = value;
    }

    public float Angry => Value[EmotionLabel.Angry];

    public float Disgust => Value[EmotionLabel.Disgust];

    public float Fear => Value[EmotionLabel.Fear];

    public float Happy => Value[EmotionLabel.Happy];

    public float Sad => Value[EmotionLabel.Sad];

    public float Surprise => Value[EmotionLabel.Surprise];

    public float Neutral => Value[EmotionLabel.Neutral];

    /// <summary>The distribution as the domain holds it.</summary>
    [JsonIgnore]
    public EmotionDistribution Value { get; }

    /// <summary>The probability of <paramref name="label"/>.</summary>
    public float this[EmotionLabel label] => Value[label];

    /// <summary>The label with the highest probability (the first one on ties, in label order).</summary>
    [JsonIgnore]
    public EmotionLabel Dominant => Value.Dominant;

    /// <summary>Builds a distribution from probabilities indexed by <see cref="EmotionLabel"/>.</summary>
    public static DistributionReading FromProbabilities(ReadOnlySpan<float> probabilities) =>
        new(EmotionDistribution.FromProbabilities(probabilities));

    /// <summary>The wire form of a domain distribution.</summary>
    public static DistributionReading From(EmotionDistribution value) =>
        value.IsValid ? new(value) : throw new ArgumentException("not a distribution (the default value)", nameof(value));
}
