namespace EdgeMer.Affect;

/// <summary>
/// How likely (0 to 1) each state is over a summary's window; null where no modality that observes it
/// contributed (eyes need the face, speaking the voice, walking the body).
/// </summary>
public readonly record struct StateLikelihoods
{
    public StateLikelihoods(float? drowsy, float? distracted, float? fatigued, float? eyesClosed, float? yawning, float? speaking, float? walking)
    {
        Drowsy = Check.Unit(drowsy, nameof(drowsy));
        Distracted = Check.Unit(distracted, nameof(distracted));
        Fatigued = Check.Unit(fatigued, nameof(fatigued));
        EyesClosed = Check.Unit(eyesClosed, nameof(eyesClosed));
        Yawning = Check.Unit(yawning, nameof(yawning));
        Speaking = Check.Unit(speaking, nameof(speaking));
        Walking = Check.Unit(walking, nameof(walking));
    }

    public float? Drowsy { get; }

    public float? Distracted { get; }

    public float? Fatigued { get; }

    public float? EyesClosed { get; }

    public float? Yawning { get; }

    public float? Speaking { get; }

    public float? Walking { get; }
}
