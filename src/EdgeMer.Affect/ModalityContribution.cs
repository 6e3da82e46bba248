namespace EdgeMer.Affect;

/// <summary>What one modality contributed to a summary, and how much it could be trusted.</summary>
public readonly record struct ModalityContribution
{
    /// <summary>The oldest evidence a summary reports as contributing (one hour).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    public ModalityContribution(Modality modality, float quality, TimeSpan age, float weight, EmotionDistribution? emotions, ValenceArousal? affect, bool disagrees)
    {
        Modality = Check.Defined(modality, nameof(modality));
        Quality = Check.Unit(quality, nameof(quality));
        if (age < TimeSpan.Zero || age > MaxAge)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, $"age must be from 0 to {MaxAge}");
        }

        if (emotions is { IsValid: false })
        {
            throw new ArgumentException("emotions is the default value, not a distribution; use null for none", nameof(emotions));
        }

        Age = age;
        Weight = Check.Unit(weight, nameof(weight));
        Emotions = emotions;
        Affect = affect;
        Disagrees = disagrees;
    }

    public Modality Modality { get; }

    /// <summary>The quality of its latest observation, 0 to 1.</summary>
    public float Quality { get; }

    /// <summary>How old its latest observation was when the summary was made.</summary>
    public TimeSpan Age { get; }

    /// <summary>The weight the fuser gave it, 0 to 1 (the weights of a summary add up to 1).</summary>
    public float Weight { get; }

    public EmotionDistribution? Emotions { get; }

    public ValenceArousal? Affect { get; }

    /// <summary>The fuser found it at odds with the other modalities.</summary>
    public bool Disagrees { get; }
}
