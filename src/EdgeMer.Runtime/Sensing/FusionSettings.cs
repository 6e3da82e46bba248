using EdgeMer.Affect;
using EdgeMer.Fusion;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// The fusion's settings (section <c>Fusion</c>): the keys of <see cref="FusionOptions"/> but the
/// purpose, which is the device profile's. Unset keys keep <see cref="FusionOptions"/>' defaults.
/// </summary>
public sealed class FusionSettings
{
    public const string Section = FusionOptions.Section;

    private static readonly FusionOptions s_defaults = new();

    public float FaceReliability { get; set; } = s_defaults.FaceReliability;

    public float VoiceReliability { get; set; } = s_defaults.VoiceReliability;

    public float BodyReliability { get; set; } = s_defaults.BodyReliability;

    public TimeSpan FreshnessHalfLife { get; set; } = s_defaults.FreshnessHalfLife;

    public TimeSpan StaleAfter { get; set; } = s_defaults.StaleAfter;

    public TimeSpan SmoothingTimeConstant { get; set; } = s_defaults.SmoothingTimeConstant;

    public TimeSpan FatigueTimeConstant { get; set; } = s_defaults.FatigueTimeConstant;

    public float DisagreementDivergence { get; set; } = s_defaults.DisagreementDivergence;

    public float DisagreementDistance { get; set; } = s_defaults.DisagreementDistance;

    public float DrowsinessAlertLevel { get; set; } = s_defaults.DrowsinessAlertLevel;

    public TimeSpan EyesClosedAlert { get; set; } = s_defaults.EyesClosedAlert;

    public TimeSpan MinimumWatch { get; set; } = s_defaults.MinimumWatch;

    public TimeSpan LongDistraction { get; set; } = s_defaults.LongDistraction;

    public TimeSpan TimeSharingLimit { get; set; } = s_defaults.TimeSharingLimit;

    public TimeSpan TimeSharingWindow { get; set; } = s_defaults.TimeSharingWindow;

    public TimeSpan SustainedNegativeAffect { get; set; } = s_defaults.SustainedNegativeAffect;

    public float GroupAlertShare { get; set; } = s_defaults.GroupAlertShare;

    public int GroupAlertMinimumPeople { get; set; } = s_defaults.GroupAlertMinimumPeople;

    /// <summary>The fuser's options for a device deployed for <paramref name="purpose"/>.</summary>
    public FusionOptions ToOptions(Purpose purpose) => new()
    {
        Purpose = purpose,
        FaceReliability = FaceReliability,
        VoiceReliability = VoiceReliability,
        BodyReliability = BodyReliability,
        FreshnessHalfLife = FreshnessHalfLife,
        StaleAfter = StaleAfter,
        SmoothingTimeConstant = SmoothingTimeConstant,
        FatigueTimeConstant = FatigueTimeConstant,
        DisagreementDivergence = DisagreementDivergence,
        DisagreementDistance = DisagreementDistance,
        DrowsinessAlertLevel = DrowsinessAlertLevel,
        EyesClosedAlert = EyesClosedAlert,
        MinimumWatch = MinimumWatch,
        LongDistraction = LongDistraction,
        TimeSharingLimit = TimeSharingLimit,
        TimeSharingWindow = TimeSharingWindow,
        SustainedNegativeAffect = SustainedNegativeAffect,
        GroupAlertShare = GroupAlertShare,
        GroupAlertMinimumPeople = GroupAlertMinimumPeople,
    };
}
