using System.Text.Json.Serialization;
using EdgeMer.Core;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The fused result for one time window: what EdgeMer publishes on <see cref="WireTopics.Summary"/>.
/// Only numbers, labels and enumerations: nothing in it can carry a frame, a sample or an identity.
/// </summary>
public sealed class EmotionSummary
{
    [JsonConstructor]
    public EmotionSummary(
        TimeWindow window,
        bool paused,
        EmotionDistribution? emotions,
        Affect? affect,
        AffectiveStates? states,
        float confidence,
        IReadOnlyList<ModalityReading> modalities)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(modalities);
        Confidence = WireCheck.Unit(confidence, "confidence");
        if (modalities.Count > 3)
        {
            throw new ArgumentException($"a summary has at most one reading per modality (3); got {modalities.Count}", nameof(modalities));
        }

        for (int i = 0; i < modalities.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(modalities[i], $"modalities[{i}]");
            for (int j = 0; j < i; j++)
            {
                if (modalities[j].Modality == modalities[i].Modality)
                {
                    throw new ArgumentException($"modality {modalities[i].Modality} appears twice in one summary", nameof(modalities));
                }
            }
        }

        if (paused && (emotions is not null || affect is not null || states is not null || modalities.Count > 0 || confidence != 0f))
        {
            // While paused nothing is sensed, so a paused summary that carries readings is a bug upstream.
            throw new ArgumentException("a paused summary carries no emotions, affect, states, modalities or confidence");
        }

        Window = window;
        Paused = paused;
        Emotions = emotions;
        Affect = affect;
        States = states;
        Modalities = modalities;
    }

    public TimeWindow Window { get; }

    /// <summary>Capture is stopped by the privacy switch; the summary says so and nothing else.</summary>
    public bool Paused { get; }

    /// <summary>The fused distribution; null when no modality contributed.</summary>
    public EmotionDistribution? Emotions { get; }

    public Affect? Affect { get; }

    public AffectiveStates? States { get; }

    /// <summary>How sure the fuser is of this summary, 0 to 1.</summary>
    public float Confidence { get; }

    public IReadOnlyList<ModalityReading> Modalities { get; }

    /// <summary>The summary for a window in which capture was paused.</summary>
    public static EmotionSummary ForPausedWindow(TimeWindow window) => new(window, paused: true, null, null, null, 0f, []);

    /// <summary>The reading of <paramref name="modality"/>, if it contributed.</summary>
    public ModalityReading? ReadingOf(Modality modality)
    {
        for (int i = 0; i < Modalities.Count; i++)
        {
            if (Modalities[i].Modality == modality)
            {
                return Modalities[i];
            }
        }

        return null;
    }
}
