using EdgeMer.Affect;

namespace EdgeMer.Models.Catalog;

/// <summary>
/// One model of the catalog as the rest of EdgeMer uses it: read once from its manifest
/// (<c>models/&lt;id&gt;.json</c>), checked field by field, and immutable, with every choice an
/// enumeration and every shape typed. Where it comes from and under which licence, how its inputs are
/// laid out and normalised, what its outputs mean, how its labels map onto the shared emotion labels
/// and valence/arousal, which variants exist, and how it is verified. See models/README.md.
/// </summary>
public sealed partial class ModelDescription
{
    private readonly EmotionLabel[] _emotionMapping;
    private readonly ValenceArousal?[] _anchors;

    private ModelDescription(string manifestPath, EmotionLabel[] emotionMapping, ValenceArousal?[] anchors)
    {
        ManifestPath = manifestPath;
        _emotionMapping = emotionMapping;
        _anchors = anchors;
    }

    /// <summary>The catalog id (<c>emotion</c>); the manifest's file name.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required ModelTask Task { get; init; }

    public required Modality Modality { get; init; }

    public required ModelLicense License { get; init; }

    public required ModelSource Source { get; init; }

    public required IReadOnlyList<ModelInput> Inputs { get; init; }

    public required IReadOnlyList<ModelOutput> Outputs { get; init; }

    /// <summary>The model's own class labels, in output order; empty for models without classes.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Where the valence/arousal anchors come from, when the model has labels.</summary>
    public string? AnchorsSource { get; init; }

    public required IReadOnlyList<ModelVariant> Variants { get; init; }

    public required VerificationMethod Verification { get; init; }

    /// <summary>How many seeded random inputs verification adds to the real ones.</summary>
    public required int RandomInputs { get; init; }

    /// <summary>The manifest file this was read from.</summary>
    public string ManifestPath { get; }

    /// <summary>Whether the model's outputs map onto the shared emotion labels.</summary>
    public bool EstimatesEmotion => _emotionMapping.Length > 0;

    /// <summary>The shared label each of the model's labels maps onto, in the model's output order.</summary>
    public ReadOnlySpan<EmotionLabel> EmotionMapping => _emotionMapping;

    /// <summary>The input named <paramref name="name"/>; an error naming the model when it has none.</summary>
    public ModelInput Input(string name)
    {
        foreach (ModelInput input in Inputs)
        {
            if (input.Name == name)
            {
                return input;
            }
        }

        throw new ArgumentException($"model '{Id}' has no input '{name}'", nameof(name));
    }

    /// <summary>The first input holding <paramref name="content"/>, or null.</summary>
    public ModelInput? InputFor(InputContent content)
    {
        foreach (ModelInput input in Inputs)
        {
            if (input.Content == content)
            {
                return input;
            }
        }

        return null;
    }

    /// <summary>Whether the build makes <paramref name="variant"/>.</summary>
    public bool Has(VariantName variant)
    {
        foreach (ModelVariant v in Variants)
        {
            if (v.Name == variant && v.Available)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The shared distribution the model's <paramref name="probabilities"/> (in its label order) stand
    /// for: each label's probability goes to the shared label it maps onto.
    /// </summary>
    public EmotionDistribution MapToShared(ReadOnlySpan<float> probabilities)
    {
        if (!EstimatesEmotion)
        {
            throw new InvalidOperationException($"model '{Id}' has no emotion labels");
        }

        if (probabilities.Length != _emotionMapping.Length)
        {
            throw new ArgumentException($"model '{Id}' has {_emotionMapping.Length} labels, got {probabilities.Length} probabilities", nameof(probabilities));
        }

        Span<float> shared = stackalloc float[EmotionLabels.Count];
        shared.Clear();
        for (int i = 0; i < probabilities.Length; i++)
        {
            shared[(int)_emotionMapping[i]] += probabilities[i];
        }

        return EmotionDistribution.Normalize(shared);
    }

    /// <summary>The valence/arousal anchor of <paramref name="label"/>, where a label of the model maps onto it.</summary>
    public ValenceArousal? Anchor(EmotionLabel label) => _anchors[(int)label];

    /// <summary>The point a shared distribution stands for by this model's anchors (labels it never maps onto weigh nothing).</summary>
    public ValenceArousal ExpectedAffect(EmotionDistribution distribution)
    {
        Span<ValenceArousal> anchors = stackalloc ValenceArousal[EmotionLabels.Count];
        Span<float> weights = stackalloc float[EmotionLabels.Count];
        ReadOnlySpan<float> p = distribution.AsSpan();
        for (int i = 0; i < EmotionLabels.Count; i++)
        {
            anchors[i] = _anchors[i] ?? default;
            weights[i] = _anchors[i] is null ? 0f : p[i];
        }

        return ValenceArousal.Expected(EmotionDistribution.Normalize(weights), anchors);
    }
}
