using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The wire form of a <see cref="Summary"/>: what EdgeMer publishes on <see cref="WireTopics.Summary"/>.
/// Only numbers, labels and enumerations: nothing in it can carry a frame, a sample or an identity.
/// Checked by the domain's <see cref="Summary"/>, so the wire accepts exactly what the domain can hold.
/// </summary>
public sealed class EmotionSummary
{
    [JsonConstructor]
    public EmotionSummary(
        string purpose,
        int? track,
        WindowReading window,
        bool paused,
        DistributionReading? emotions,
        AffectReading? affect,
        AffectiveStates? states,
        float confidence,
        IReadOnlyList<ModalityReading> modalities)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(modalities);
        Purpose domainPurpose = WireCheck.Purpose(purpose);
        var contributions = new ModalityContribution[modalities.Count];
        for (int i = 0; i < contributions.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(modalities[i], $"modalities[{i}]");
            contributions[i] = modalities[i].Contribution;
        }

        if (paused)
        {
            if (emotions is not null || affect is not null || states is not null || modalities.Count > 0 || confidence != 0f || track is not null)
            {
                // While paused nothing is sensed, so a paused summary that carries readings is a bug upstream.
                throw new ArgumentException("a paused summary carries no track, emotions, affect, states, modalities or confidence");
            }

            Value = Summary.ForPausedWindow(domainPurpose, window.Value);
        }
        else
        {
            Value = new Summary(domainPurpose, track, window.Value, emotions?.Value, affect?.Value, states?.Value, confidence, contributions);
        }

        Window = window;
        Emotions = emotions;
        Affect = affect;
        States = states;
        Modalities = modalities;
    }

    /// <summary>What the device is deployed for (<c>driver-safety</c>, <c>companion</c>, <c>education</c>, <c>workplace</c>, <c>research</c>); it limits what a summary may carry.</summary>
    public string Purpose => Purposes.Name(Value.Purpose);

    /// <summary>The anonymous track the summary describes; null for the scene (the group).</summary>
    public int? Track => Value.TrackId;

    public WindowReading Window { get; }

    /// <summary>Capture is stopped by the privacy switch; the summary says so and nothing else.</summary>
    public bool Paused => Value.Paused;

    /// <summary>The fused distribution; null when no modality contributed.</summary>
    public DistributionReading? Emotions { get; }

    public AffectReading? Affect { get; }

    public AffectiveStates? States { get; }

    /// <summary>How sure the fuser is of this summary, 0 to 1.</summary>
    public float Confidence => Value.Confidence;

    public IReadOnlyList<ModalityReading> Modalities { get; }

    /// <summary>The summary as the domain holds it.</summary>
    [JsonIgnore]
    public Summary Value { get; }

    /// <summary>The summary for a window in which capture was paused.</summary>
    public static EmotionSummary ForPausedWindow(Purpose purpose, WindowReading window) => new(Purposes.Name(purpose), null, window, paused: true, null, null, null, 0f, []);

    /// <summary>The wire form of a domain summary.</summary>
    public static EmotionSummary From(Summary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var readings = new ModalityReading[summary.Contributions.Count];
        for (int i = 0; i < readings.Length; i++)
        {
            readings[i] = ModalityReading.From(summary.Contributions[i]);
        }

        return new EmotionSummary(
            Purposes.Name(summary.Purpose),
            summary.TrackId,
            WindowReading.From(summary.Window),
            summary.Paused,
            summary.Emotions is { } e ? DistributionReading.From(e) : null,
            summary.Affect is { } a ? AffectReading.From(a) : null,
            summary.States is { } s ? AffectiveStates.From(s) : null,
            summary.Confidence,
            readings);
    }

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
