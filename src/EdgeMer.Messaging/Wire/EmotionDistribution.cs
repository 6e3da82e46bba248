using System.Text.Json.Serialization;
using EdgeMer.Core;

namespace EdgeMer.Messaging.Wire;

/// <summary>A probability for each shared emotion label (<see cref="EmotionLabel"/>); they add up to 1.</summary>
public sealed class EmotionDistribution
{
    /// <summary>How far the sum may stray from 1 (rounding in the models' softmax and in fusion).</summary>
    public const float SumTolerance = 0.01f;

    [JsonConstructor]
    public EmotionDistribution(float angry, float disgust, float fear, float happy, float sad, float surprise, float neutral)
    {
        Angry = WireCheck.Unit(angry, "angry");
        Disgust = WireCheck.Unit(disgust, "disgust");
        Fear = WireCheck.Unit(fear, "fear");
        Happy = WireCheck.Unit(happy, "happy");
        Sad = WireCheck.Unit(sad, "sad");
        Surprise = WireCheck.Unit(surprise, "surprise");
        Neutral = WireCheck.Unit(neutral, "neutral");
        float sum = angry + disgust + fear + happy + sad + surprise + neutral;
        if (MathF.Abs(sum - 1f) > SumTolerance)
        {
            throw new ArgumentException($"emotion probabilities must add up to 1 (±{SumTolerance}); they add up to {sum}");
        }
    }

    public float Angry { get; }

    public float Disgust { get; }

    public float Fear { get; }

    public float Happy { get; }

    public float Sad { get; }

    public float Surprise { get; }

    public float Neutral { get; }

    /// <summary>The probability of <paramref name="label"/>.</summary>
    public float this[EmotionLabel label] => label switch
    {
        EmotionLabel.Angry => Angry,
        EmotionLabel.Disgust => Disgust,
        EmotionLabel.Fear => Fear,
        EmotionLabel.Happy => Happy,
        EmotionLabel.Sad => Sad,
        EmotionLabel.Surprise => Surprise,
        EmotionLabel.Neutral => Neutral,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "not a shared emotion label"),
    };

    /// <summary>The label with the highest probability (the first one on ties, in label order).</summary>
    [JsonIgnore]
    public EmotionLabel Dominant
    {
        get
        {
            var best = EmotionLabel.Angry;
            for (int i = 1; i < EmotionLabels.Count; i++)
            {
                if (this[(EmotionLabel)i] > this[best])
                {
                    best = (EmotionLabel)i;
                }
            }

            return best;
        }
    }

    /// <summary>Builds a distribution from probabilities indexed by <see cref="EmotionLabel"/>.</summary>
    public static EmotionDistribution FromProbabilities(ReadOnlySpan<float> probabilities)
    {
        if (probabilities.Length != EmotionLabels.Count)
        {
            throw new ArgumentException($"expected {EmotionLabels.Count} probabilities (one per shared label), got {probabilities.Length}", nameof(probabilities));
        }

        return new EmotionDistribution(probabilities[0], probabilities[1], probabilities[2], probabilities[3], probabilities[4], probabilities[5], probabilities[6]);
    }
}
