using EdgeMer.Affect;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Face;

/// <summary>
/// An emotion model's output mapped onto the shared labels as its manifest says (<c>labels</c>,
/// <c>emotionMapping</c>), and the valence/arousal anchors of <c>valenceArousal.anchors</c>.
/// </summary>
public sealed class FaceEmotionMapping
{
    private readonly int[] _sharedIndex;
    private readonly ValenceArousal[] _anchors;

    private FaceEmotionMapping(int[] sharedIndex, ValenceArousal[] anchors)
    {
        _sharedIndex = sharedIndex;
        _anchors = anchors;
    }

    /// <summary>How many probabilities the model gives.</summary>
    public int ModelLabels => _sharedIndex.Length;

    /// <summary>The anchors in <see cref="EmotionLabel"/> order.</summary>
    public ReadOnlySpan<ValenceArousal> Anchors => _anchors;

    /// <summary>The mapping of <paramref name="manifest"/>; an error naming the field when the manifest lacks one.</summary>
    public static FaceEmotionMapping FromManifest(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Labels is not { Count: > 0 } labels || manifest.EmotionMapping is not { } mapping)
        {
            throw new ModelManifestException($"{manifest.Path}: an emotion model needs labels and emotionMapping");
        }

        int[] shared = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            if (!mapping.TryGetValue(labels[i], out string? target) || !EmotionLabels.TryParse(target, out EmotionLabel label))
            {
                throw new ModelManifestException($"{manifest.Path}: emotionMapping does not map label '{labels[i]}' to a shared label ({string.Join(", ", EmotionLabels.Names.ToArray())})");
            }

            shared[i] = (int)label;
        }

        var anchors = new ValenceArousal[EmotionLabels.Count];
        for (int i = 0; i < anchors.Length; i++)
        {
            string name = EmotionLabels.Names[i];
            if (manifest.ValenceArousal?.Anchors is not { } given || !given.TryGetValue(name, out ManifestAnchor? anchor)
                || anchor.Valence is not { } valence || anchor.Arousal is not { } arousal)
            {
                throw new ModelManifestException($"{manifest.Path}: valenceArousal.anchors has no valence and arousal for '{name}'");
            }

            anchors[i] = new ValenceArousal((float)valence, (float)arousal);
        }

        return new FaceEmotionMapping(shared, anchors);
    }

    /// <summary>
    /// The distribution over the shared labels of <paramref name="modelProbabilities"/> (the model's
    /// softmax in its label order): each model label's probability goes to the shared label it maps to.
    /// </summary>
    public EmotionDistribution Map(ReadOnlySpan<float> modelProbabilities)
    {
        if (modelProbabilities.Length != _sharedIndex.Length)
        {
            throw new ArgumentException($"the model gives {_sharedIndex.Length} probabilities; got {modelProbabilities.Length}", nameof(modelProbabilities));
        }

        Span<float> scores = stackalloc float[EmotionLabels.Count];
        scores.Clear();
        for (int i = 0; i < modelProbabilities.Length; i++)
        {
            scores[_sharedIndex[i]] += Math.Max(0f, modelProbabilities[i]);
        }

        return EmotionDistribution.Normalize(scores);
    }

    /// <summary>The valence and arousal <paramref name="distribution"/> stands for, by the manifest's anchors.</summary>
    public ValenceArousal Affect(EmotionDistribution distribution) => ValenceArousal.Expected(distribution, _anchors);
}
