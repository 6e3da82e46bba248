using System.Globalization;
using EdgeMer.Affect;

namespace EdgeMer.Fusion;

/// <summary>
/// How the <see cref="Fuser"/> weighs and smooths evidence and when it raises alerts (section
/// <c>Fusion</c>). The defaults are the values <c>docs/fusion.md</c> explains; the purpose is the
/// device profile's, the rest the <c>Fusion</c> configuration section's.
/// </summary>
public sealed record FusionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fusion";

    /// <summary>What the device is deployed for; it limits what summaries carry (<see cref="PurposePolicy"/>).</summary>
    public Purpose Purpose { get; init; } = Purpose.Companion;

    /// <summary>How far each modality's evidence is trusted against the others, 0 to 1 (face, voice, body); the <c>Fusion</c> configuration section sets them.</summary>
    public float FaceReliability { get; init; } = 1f;

    public float VoiceReliability { get; init; } = 0.6f;

    public float BodyReliability { get; init; } = 0.5f;

    /// <summary>The age at which an observation counts half (its weight halves with every such age). Default 1 s.</summary>
    public TimeSpan FreshnessHalfLife { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The age past which a modality no longer contributes and counts as missing. Default 5 s.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The time constant of the exponential smoothing of fused emotions and valence/arousal. Default 1.5 s; zero turns smoothing off.</summary>
    public TimeSpan SmoothingTimeConstant { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The time constant over which drowsiness accumulates into fatigue. Default 5 minutes.</summary>
    public TimeSpan FatigueTimeConstant { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The Jensen-Shannon divergence (bits, 0 to 1) between a modality's distribution and the others'
    /// fused one above which it is flagged as disagreeing. Default 0.4.
    /// </summary>
    public float DisagreementDivergence { get; init; } = 0.4f;

    /// <summary>The distance in the valence/arousal plane (each −1 to 1) above which a modality's affect disagrees with the others'. Default 0.9.</summary>
    public float DisagreementDistance { get; init; } = 0.9f;

    /// <summary>The sleepiness estimate (1 to 9, as the Karolinska Sleepiness Scale) at which a drowsiness alert is raised. Default 7 ("sleepy, but no effort to stay awake").</summary>
    public float DrowsinessAlertLevel { get; init; } = 7f;

    /// <summary>
    /// How long a person must have been followed before their sleepiness level can raise an alert.
    /// PERCLOS is the share of the watched time the eyes were closed: over the first seconds of a new
    /// track one blink reads as drowsiness. Default 30 s.
    /// </summary>
    public TimeSpan MinimumWatch { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Eyes closed without a break this long raises a drowsiness alert at once. Default 1.5 s.</summary>
    public TimeSpan EyesClosedAlert { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>One continuous glance away from the task this long is a distraction (Euro NCAP's long distraction: 3 s).</summary>
    public TimeSpan LongDistraction { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Time away from the task adding up to more than this within <see cref="TimeSharingWindow"/> is a distraction (Euro NCAP's visual attention time sharing: 10 s in 30 s).</summary>
    public TimeSpan TimeSharingLimit { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan TimeSharingWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where alerts may not be about one person (<c>education</c>): the share of the people in view who
    /// are drowsy, or distracted, that raises a group alert. Default 0.3 (a third of a class).
    /// </summary>
    public float GroupAlertShare { get; init; } = 0.3f;

    /// <summary>The fewest people in view for a group alert, so a share can never point at one or two. Default 3.</summary>
    public int GroupAlertMinimumPeople { get; init; } = 3;

    /// <summary>Negative valence with high arousal held this long raises a distress alert (purposes that allow emotions only). Default 10 s.</summary>
    public TimeSpan SustainedNegativeAffect { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The reliability of <paramref name="modality"/>.</summary>
    public float Reliability(Modality modality) => modality switch
    {
        Modality.Face => FaceReliability,
        Modality.Voice => VoiceReliability,
        Modality.Body => BodyReliability,
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "not a modality"),
    };

    /// <summary>What is wrong with these options, each naming the key and what it allows; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Purpose))
        {
            problems.Add($"{Section}:Purpose {(int)Purpose} is not a purpose; allowed: {string.Join(", ", Purposes.Names.ToArray())}");
        }

        Unit(problems, nameof(FaceReliability), FaceReliability);
        Unit(problems, nameof(VoiceReliability), VoiceReliability);
        Unit(problems, nameof(BodyReliability), BodyReliability);
        Unit(problems, nameof(DisagreementDivergence), DisagreementDivergence);
        Positive(problems, nameof(FreshnessHalfLife), FreshnessHalfLife);
        Positive(problems, nameof(StaleAfter), StaleAfter);
        Positive(problems, nameof(FatigueTimeConstant), FatigueTimeConstant);
        Positive(problems, nameof(EyesClosedAlert), EyesClosedAlert);
        Positive(problems, nameof(MinimumWatch), MinimumWatch);
        Positive(problems, nameof(LongDistraction), LongDistraction);
        Positive(problems, nameof(TimeSharingLimit), TimeSharingLimit);
        Positive(problems, nameof(SustainedNegativeAffect), SustainedNegativeAffect);
        if (SmoothingTimeConstant < TimeSpan.Zero || SmoothingTimeConstant > TimeSpan.FromHours(1))
        {
            problems.Add($"{Section}:{nameof(SmoothingTimeConstant)} {SmoothingTimeConstant} must be from 00:00:00 (off) to 01:00:00");
        }

        if (TimeSharingWindow <= TimeSharingLimit || TimeSharingWindow > TimeSpan.FromHours(1))
        {
            problems.Add($"{Section}:{nameof(TimeSharingWindow)} {TimeSharingWindow} must be longer than {nameof(TimeSharingLimit)} ({TimeSharingLimit}) and at most 01:00:00");
        }

        if (!float.IsFinite(DisagreementDistance) || DisagreementDistance is <= 0f or > 2.83f)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(DisagreementDistance)} {DisagreementDistance} must be more than 0 and at most 2.83 (the plane's diagonal)"));
        }

        if (!float.IsFinite(GroupAlertShare) || GroupAlertShare is <= 0f or > 1f)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(GroupAlertShare)} {GroupAlertShare} must be more than 0 and at most 1"));
        }

        if (GroupAlertMinimumPeople is < 3 or > 1000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(GroupAlertMinimumPeople)} {GroupAlertMinimumPeople} must be from 3 to 1000 (fewer would point at a person)"));
        }

        if (!float.IsFinite(DrowsinessAlertLevel) || DrowsinessAlertLevel is < 1f or > 9f)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(DrowsinessAlertLevel)} {DrowsinessAlertLevel} must be from 1 to 9 (the Karolinska Sleepiness Scale)"));
        }

        return problems;
    }

    private static void Unit(List<string> problems, string key, float value)
    {
        if (!float.IsFinite(value) || value is < 0f or > 1f)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key} {value} must be from 0 to 1"));
        }
    }

    private static void Positive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
        {
            problems.Add($"{Section}:{key} {value} must be more than 00:00:00 and at most 01:00:00");
        }
    }
}
