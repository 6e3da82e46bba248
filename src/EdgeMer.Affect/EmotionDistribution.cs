using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeMer.Affect;

/// <summary>
/// A probability for each shared emotion label (<see cref="EmotionLabel"/>), adding up to 1. A value
/// type of fixed size, so per-frame evidence carries one without allocating. Only the factories make
/// one, and they check it; <c>default</c> is not a distribution (<see cref="IsValid"/> says so).
/// </summary>
public readonly struct EmotionDistribution : IEquatable<EmotionDistribution>
{
    /// <summary>How far the sum may stray from 1 (rounding in the models' softmax and in fusion).</summary>
    public const float SumTolerance = 0.01f;

    private readonly Probabilities _probabilities;

    private EmotionDistribution(ReadOnlySpan<float> probabilities)
    {
        probabilities.CopyTo(_probabilities);
    }

    /// <summary>Every label equally likely.</summary>
    public static EmotionDistribution Uniform { get; } = Normalize([1, 1, 1, 1, 1, 1, 1]);

    /// <summary>The probability of <paramref name="label"/>.</summary>
    public float this[EmotionLabel label] =>
        (uint)label < EmotionLabels.Count ? _probabilities[(int)label] : throw new ArgumentOutOfRangeException(nameof(label), label, "not a shared emotion label");

    /// <summary>False for <c>default</c>, which no factory returns.</summary>
    public bool IsValid => Sum(AsSpan()) > 0.5f;

    /// <summary>The label with the highest probability (the first one on ties, in label order).</summary>
    public EmotionLabel Dominant
    {
        get
        {
            ReadOnlySpan<float> p = AsSpan();
            int best = 0;
            for (int i = 1; i < p.Length; i++)
            {
                if (p[i] > p[best])
                {
                    best = i;
                }
            }

            return (EmotionLabel)best;
        }
    }

    /// <summary>The probabilities in <see cref="EmotionLabel"/> order.</summary>
    public ReadOnlySpan<float> AsSpan() =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _probabilities[0]), EmotionLabels.Count);

    /// <summary>
    /// A distribution from probabilities in <see cref="EmotionLabel"/> order; throws
    /// <see cref="ArgumentException"/> naming the label when one is not a number from 0 to 1, or
    /// when they do not add up to 1 within <see cref="SumTolerance"/>.
    /// </summary>
    public static EmotionDistribution FromProbabilities(ReadOnlySpan<float> probabilities)
    {
        if (!TryCheck(probabilities, out string? problem))
        {
            throw new ArgumentException(problem, nameof(probabilities));
        }

        return new EmotionDistribution(probabilities);
    }

    /// <summary>As <see cref="FromProbabilities"/>, without throwing; <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryFromProbabilities(ReadOnlySpan<float> probabilities, out EmotionDistribution distribution, out string? problem)
    {
        distribution = TryCheck(probabilities, out problem) ? new EmotionDistribution(probabilities) : default;
        return problem is null;
    }

    /// <summary>
    /// Scales non-negative scores (weighted evidence, counts) so they add up to 1; throws
    /// <see cref="ArgumentException"/> when a score is negative or not finite, or all are zero.
    /// </summary>
    public static EmotionDistribution Normalize(ReadOnlySpan<float> scores)
    {
        if (scores.Length != EmotionLabels.Count)
        {
            throw new ArgumentException($"expected {EmotionLabels.Count} scores (one per shared label), got {scores.Length}", nameof(scores));
        }

        float sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]) || scores[i] < 0)
            {
                throw new ArgumentException($"score of {EmotionLabels.Names[i]} is {scores[i]}; scores must be finite and not negative", nameof(scores));
            }

            sum += scores[i];
        }

        if (sum <= 0)
        {
            throw new ArgumentException("all scores are zero: there is nothing to normalise", nameof(scores));
        }

        Span<float> normalized = stackalloc float[EmotionLabels.Count];
        for (int i = 0; i < normalized.Length; i++)
        {
            normalized[i] = scores[i] / sum;
        }

        return new EmotionDistribution(normalized);
    }

    public bool Equals(EmotionDistribution other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is EmotionDistribution other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (float p in AsSpan())
        {
            hash.Add(p);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(EmotionDistribution left, EmotionDistribution right) => left.Equals(right);

    public static bool operator !=(EmotionDistribution left, EmotionDistribution right) => !left.Equals(right);

    public override string ToString() => $"{EmotionLabels.Name(Dominant)} {this[Dominant]:0.00}";

    private static bool TryCheck(ReadOnlySpan<float> probabilities, out string? problem)
    {
        if (probabilities.Length != EmotionLabels.Count)
        {
            problem = $"expected {EmotionLabels.Count} probabilities (one per shared label), got {probabilities.Length}";
            return false;
        }

        for (int i = 0; i < probabilities.Length; i++)
        {
            if (!float.IsFinite(probabilities[i]) || probabilities[i] < 0 || probabilities[i] > 1)
            {
                problem = $"{EmotionLabels.Names[i]} must be a number from 0 to 1; got {probabilities[i]}";
                return false;
            }
        }

        float sum = Sum(probabilities);
        if (MathF.Abs(sum - 1f) > SumTolerance)
        {
            problem = $"emotion probabilities must add up to 1 (±{SumTolerance}); they add up to {sum}";
            return false;
        }

        problem = null;
        return true;
    }

    private static float Sum(ReadOnlySpan<float> values)
    {
        float sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return sum;
    }

    [InlineArray(EmotionLabels.Count)]
    private struct Probabilities
    {
        private float _element;
    }
}
