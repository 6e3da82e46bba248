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

    /// <summary>Highest rate of blinks or yawns reported, per minute.</summary>
    public const float MaxPerMinute = 600f;

    /// <summary>Longest episode (eyes closed, eyes off the road) reported, in seconds; longer ones report this.</summary>
    public const float MaxEpisodeSeconds = 3600f;

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
        float? walkingSpeed = null,
        float? perclos = null,
        float? blinksPerMinute = null,
        float? yawnsPerMinute = null,
        float? eyesClosedSeconds = null,
        float? eyesOffRoadSeconds = null)
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
        Perclos = Check.Unit(perclos, nameof(perclos));
        BlinksPerMinute = Check.Range(blinksPerMinute, 0f, MaxPerMinute, nameof(blinksPerMinute));
        YawnsPerMinute = Check.Range(yawnsPerMinute, 0f, MaxPerMinute, nameof(yawnsPerMinute));
        EyesClosedSeconds = Check.Range(eyesClosedSeconds, 0f, MaxEpisodeSeconds, nameof(eyesClosedSeconds));
        EyesOffRoadSeconds = Check.Range(eyesOffRoadSeconds, 0f, MaxEpisodeSeconds, nameof(eyesOffRoadSeconds));
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

    /// <summary>PERCLOS (P80): the share of the recent window (a minute by default) the eyes were at least 80 % closed.</summary>
    public float? Perclos { get; }

    /// <summary>Blinks (closures shorter than half a second by default) per minute over the recent window.</summary>
    public float? BlinksPerMinute { get; }

    /// <summary>Yawns (the mouth held wide open) per minute over the recent window.</summary>
    public float? YawnsPerMinute { get; }

    /// <summary>How long the eyes have now been closed without a break, in seconds (0 while open).</summary>
    public float? EyesClosedSeconds { get; }

    /// <summary>How long the head has now been turned away from the task without a break, in seconds (0 while facing it).</summary>
    public float? EyesOffRoadSeconds { get; }
}
