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

    /// <summary>
    /// Checks what every plugged-in classifier's manifest must say, whatever it reads: its task and
    /// modality, its labels mapped onto the shared ones, and a first output of a probability per label.
    /// </summary>
    /// <exception cref="ModelManifestException">The manifest says otherwise; the field is named.</exception>
    public static void CheckClassifier(ModelDescription description, ModelTask task, Modality modality)
    {
        string manifest = description.ManifestPath, kind = ModelDescription.NameOf(task);
        if (description.Task != task || description.Modality != modality)
        {
            throw new ModelManifestException(manifest, "task", $"a {kind} model of modality {Modalities.Name(modality)} is needed; '{description.Id}' is {ModelDescription.NameOf(description.Task)} for {Modalities.Name(description.Modality)}");
        }

        if (!description.EstimatesEmotion)
        {
            throw new ModelManifestException(manifest, "emotionMapping", $"a {kind} model needs its labels mapped onto the shared emotion labels");
        }

        if (description.Outputs.Count < 1 || description.Outputs[0].Shape.Count != 2 || description.Outputs[0].Shape[1].Size != description.Labels.Count)
        {
            throw new ModelManifestException(manifest, "outputs[0]", $"a {kind} model's first output is [batch, {description.Labels.Count}]: a probability per label");
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
