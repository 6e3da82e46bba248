using EdgeMer.Affect;

namespace EdgeMer.Fusion;

/// <summary>One modality's evidence as fusion weighs it: its quality, its age, and what the purpose lets it say.</summary>
internal readonly record struct Reading(Modality Modality, float Quality, TimeSpan Age, EmotionDistribution? Emotions, ValenceArousal? Affect)
{
    /// <summary>An observation seen at capture time <paramref name="now"/>; its emotions and affect dropped where the purpose forbids them.</summary>
    public static Reading Of(in Observation observation, TimeSpan now, bool emotionsAllowed)
    {
        TimeSpan age = now > observation.Window.End ? now - observation.Window.End : TimeSpan.Zero;
        return new Reading(
            observation.Modality,
            observation.Quality,
            age,
            emotionsAllowed ? observation.Emotions : null,
            emotionsAllowed ? observation.Affect : null);
    }
}

/// <summary>
/// Several observations of one modality (one per person) pooled into one reading for the scene, each
/// weighted by its quality times its freshness: distributions, affect, quality and age are those
/// weighted means, so a stale good face and a fresh poor one pool to something in between.
/// </summary>
internal struct ReadingPool
{
    private EmotionLabelSums _emotions;
    private float _emotionWeight, _valence, _arousal, _affectWeight, _quality, _weight;
    private double _ageTicks;
    private int _count;

    public void Add(in Reading reading, float freshness)
    {
        float w = Math.Max(reading.Quality * freshness, 1e-6f);
        _weight += w;
        _quality += w * reading.Quality;
        _ageTicks += w * (double)reading.Age.Ticks;
        _count++;
        if (reading.Emotions is EmotionDistribution d)
        {
            _emotions.Add(d, w);
            _emotionWeight += w;
        }

        if (reading.Affect is ValenceArousal a)
        {
            _valence += w * a.Valence;
            _arousal += w * a.Arousal;
            _affectWeight += w;
        }

    }

    public readonly Reading? Result(Modality modality)
    {
        if (_count == 0)
        {
            return null;
        }

        var age = TimeSpan.FromTicks((long)(_ageTicks / _weight));

        EmotionDistribution? emotions = _emotionWeight > 0f ? _emotions.Normalized() : null;
        ValenceArousal? affect = _affectWeight > 0f
            ? new ValenceArousal(Math.Clamp(_valence / _affectWeight, -1f, 1f), Math.Clamp(_arousal / _affectWeight, -1f, 1f))
            : null;
        return new Reading(modality, Math.Clamp(_quality / _weight, 0f, 1f), age, emotions, affect);
    }

    [System.Runtime.CompilerServices.InlineArray(7)]
    private struct EmotionLabelSums
    {
        private float _first;

        public void Add(EmotionDistribution distribution, float weight)
        {
            ReadOnlySpan<float> p = distribution.AsSpan();
            Span<float> sums = this;
            for (int k = 0; k < p.Length; k++)
            {
                sums[k] += weight * p[k];
            }
        }

        public readonly EmotionDistribution Normalized() => EmotionDistribution.Normalize(this);
    }
}

/// <summary>The group's states: the mean over people of each state that at least one person has.</summary>
internal struct StateSums
{
    private (float Sum, int Count) _drowsy, _distracted, _fatigued, _eyesClosed, _yawning, _speaking, _walking;

    public void Add(StateLikelihoods? states)
    {
        if (states is not StateLikelihoods s)
        {
            return;
        }

        Add(ref _drowsy, s.Drowsy);
        Add(ref _distracted, s.Distracted);
        Add(ref _fatigued, s.Fatigued);
        Add(ref _eyesClosed, s.EyesClosed);
        Add(ref _yawning, s.Yawning);
        Add(ref _speaking, s.Speaking);
        Add(ref _walking, s.Walking);
    }

    /// <summary>Speaking as the scene's microphone hears it, in place of what people were attributed.</summary>
    public void Speaking(float? speaking) => _speaking = speaking is float v ? (v, 1) : _speaking;

    public void Walking(float? walking)
    {
        if (_walking.Count == 0 && walking is float v)
        {
            _walking = (v, 1);
        }
    }

    public readonly StateLikelihoods? Result()
    {
        float? drowsy = Mean(_drowsy), distracted = Mean(_distracted), fatigued = Mean(_fatigued), eyesClosed = Mean(_eyesClosed),
            yawning = Mean(_yawning), speaking = Mean(_speaking), walking = Mean(_walking);
        return drowsy is null && distracted is null && fatigued is null && eyesClosed is null && yawning is null && speaking is null && walking is null
            ? null
            : new StateLikelihoods(drowsy, distracted, fatigued, eyesClosed, yawning, speaking, walking);
    }

    private static void Add(ref (float Sum, int Count) total, float? value)
    {
        if (value is float v)
        {
            total = (total.Sum + v, total.Count + 1);
        }
    }

    private static float? Mean((float Sum, int Count) total) => total.Count > 0 ? Math.Clamp(total.Sum / total.Count, 0f, 1f) : null;
}

/// <summary>How far apart two distributions are.</summary>
internal static class Divergence
{
    /// <summary>The Jensen-Shannon divergence in bits: 0 for the same distribution, 1 for ones with no label in common.</summary>
    public static float JensenShannon(EmotionDistribution p, EmotionDistribution q)
    {
        ReadOnlySpan<float> a = p.AsSpan(), b = q.AsSpan();
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double m = 0.5 * (a[k] + b[k]);
            sum += Term(a[k], m) + Term(b[k], m);
        }

        return (float)Math.Clamp(0.5 * sum, 0, 1);
    }

    private static double Term(double x, double m) => x > 0 ? x * Math.Log2(x / m) : 0;
}
