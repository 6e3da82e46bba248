namespace EdgeMer.Affect;

/// <summary>
/// What a <see cref="Purpose"/> lets EdgeMer report. The EU AI Act (Regulation (EU) 2024/1689)
/// prohibits placing on the market or using AI systems "to infer emotions of a natural person in the
/// areas of workplace and education institutions, except where the use of the AI system is intended
/// to be put in place or into the market for medical or safety reasons" (Art. 5(1)(f)); Recital 18
/// keeps physical states such as fatigue or pain, and the detection of readily apparent expressions
/// and gestures, outside "emotion recognition". So for <see cref="Purpose.Education"/> and
/// <see cref="Purpose.Workplace"/> EdgeMer reports physical states only (drowsiness, fatigue,
/// attention), never a distribution over emotions nor valence and arousal, and for education it
/// reports the group, never a person. Driver monitoring is a safety use (Regulation (EU) 2019/2144
/// requires drowsiness and distraction warning in new vehicles). <see cref="Summary"/> checks this in
/// its constructor, so no code path can build a summary the purpose does not allow.
/// </summary>
public static class PurposePolicy
{
    /// <summary>Whether summaries for <paramref name="purpose"/> may carry emotions and valence/arousal.</summary>
    public static bool AllowsEmotions(Purpose purpose) => Check.Defined(purpose, nameof(purpose)) is not (Purpose.Education or Purpose.Workplace);

    /// <summary>Whether summaries for <paramref name="purpose"/> may describe one (anonymous) person rather than the group.</summary>
    public static bool AllowsPerPerson(Purpose purpose) => Check.Defined(purpose, nameof(purpose)) is not Purpose.Education;

    /// <summary>The rule that limits <paramref name="purpose"/>, for error messages; null where nothing is limited.</summary>
    public static string? Rule(Purpose purpose) => Check.Defined(purpose, nameof(purpose)) switch
    {
        Purpose.Education => "EU AI Act Art. 5(1)(f) prohibits inferring emotions in education institutions (Recital 18 allows physical states such as fatigue); EdgeMer reports physical states only, for the group, never a person",
        Purpose.Workplace => "EU AI Act Art. 5(1)(f) prohibits inferring emotions in the workplace (Recital 18 allows physical states such as fatigue); EdgeMer reports physical states only",
        _ => null,
    };
}
