namespace EdgeMer.Affect;

/// <summary>
/// What one observation measured of the person's state besides emotion: each is null unless the
/// modality that observed it measures it. Likelihoods are 0 to 1; angles are degrees.
/// </summary>
public readonly record struct ModalityStates
{
    /// <summary>Largest head angle reported, in degrees either way.</summary>
    public const float MaxHeadAngleDegrees = 180f;

    /// <summary>Fastest walking speed reported, in body heights per second.</summary>
    public const float MaxWalkingSpeed = 10f;

    public ModalityStates(
        float? eyeOpenness = null,
        float? eyesClosed = null,
        float? yawning = null,
        float? headYawDegrees = null,
        float? headPitchDegrees = null,
        float? headRollDegrees = null,
        float? lookingAway = null,
        float? speaking = null,
        float? walking = null,
        float? walkingSpeed = null)
    {
        EyeOpenness = Check.Unit(eyeOpenness, nameof(eyeOpenness));
        EyesClosed = Check.Unit(eyesClosed, nameof(eyesClosed));
        Yawning = Check.Unit(yawning, nameof(yawning));
        HeadYawDegrees = Check.Range(headYawDegrees, -MaxHeadAngleDegrees, MaxHeadAngleDegrees, nameof(headYawDegrees));
        HeadPitchDegrees = Check.Range(headPitchDegrees, -MaxHeadAngleDegrees, MaxHeadAngleDegrees, nameof(headPitchDegrees));
        HeadRollDegrees = Check.Range(headRollDegrees, -MaxHeadAngleDegrees, MaxHeadAngleDegrees, nameof(headRollDegrees));
        LookingAway = Check.Unit(lookingAway, nameof(lookingAway));
        Speaking = Check.Unit(speaking, nameof(speaking));
        Walking = Check.Unit(walking, nameof(walking));
        WalkingSpeed = Check.Range(walkingSpeed, 0f, MaxWalkingSpeed, nameof(walkingSpeed));
    }

    /// <summary>How open the eyes are, 0 (closed) to 1 (wide open), from the eye aspect ratio.</summary>
    public float? EyeOpenness { get; }

    public float? EyesClosed { get; }

    public float? Yawning { get; }

    public float? HeadYawDegrees { get; }

    public float? HeadPitchDegrees { get; }

    public float? HeadRollDegrees { get; }

    /// <summary>Eyes or head turned away from the task (the road, the robot, the board).</summary>
    public float? LookingAway { get; }

    public float? Speaking { get; }

    public float? Walking { get; }

    /// <summary>Walking speed in body heights per second.</summary>
    public float? WalkingSpeed { get; }
}
