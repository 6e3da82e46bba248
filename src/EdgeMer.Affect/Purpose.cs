namespace EdgeMer.Affect;

/// <summary>
/// What a device is deployed for. It sets which stages come first under load (driver safety puts the
/// eyes before gait) and what EdgeMer may infer at all: the EU AI Act (Art. 5(1)(f), Recital 18)
/// prohibits inferring emotions in workplaces and education institutions, except for medical or
/// safety reasons, so there only physical states may be reported. Names: <see cref="Purposes"/>.
/// </summary>
public enum Purpose
{
    /// <summary>In-cabin driver monitoring (drowsiness, distraction), as Regulation (EU) 2019/2144 requires of new vehicles.</summary>
    DriverSafety,

    /// <summary>A companion or care robot responding to the person it is with.</summary>
    Companion,

    /// <summary>Classrooms and other education settings: physical states only, at group level.</summary>
    Education,

    /// <summary>Workplaces: physical states only.</summary>
    Workplace,

    /// <summary>Research and development with informed participants.</summary>
    Research,
}
