using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception;

/// <summary>What every emotion classifier plugged in through its manifest (speech, gait) does alike.</summary>
internal static class PluggedModels
{
    /// <summary>The catalogued model <paramref name="id"/>'s description and a session over its built file (checked against the store's sha256).</summary>
    public static InferenceSession Open(InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, string id, InferenceSessionOptions? options, out ModelDescription description)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(store);
        description = catalog.Find(id);
        VerifiedModel file = store.ReadVerified(id);
        return InferenceSession.Load(environment, file.Bytes, id, options);
    }

    /// <summary>Makes the model over <paramref name="session"/>, which it then owns; the session is disposed when that fails.</summary>
    public static T Owning<T>(InferenceSession session, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            return create();
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Whether the manifest anchors any label in the valence/arousal plane.</summary>
    public static bool HasAnchors(ModelDescription description)
    {
        for (int i = 0; i < EmotionLabels.Count; i++)
        {
            if (description.Anchor((EmotionLabel)i) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The model's probabilities mapped onto the shared labels, and their valence and arousal where the manifest anchors the labels.</summary>
    public static (EmotionDistribution Emotions, ValenceArousal? Affect) Read(ModelDescription description, ReadOnlySpan<float> probabilities, bool hasAnchors)
    {
        EmotionDistribution emotions = description.MapToShared(probabilities);
        return (emotions, hasAnchors ? description.ExpectedAffect(emotions) : null);
    }
}
