using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Body;

/// <summary>
/// A gait-emotion model plugged in through its manifest (task <c>gait-emotion</c>, modality body): one
/// input of joint sequences (<c>joints-coco17</c>, laid out NCTVM as ST-GCN: [batch, channels, frames,
/// 17 COCO joints, persons]) and one output of probabilities over the model's labels, which the
/// manifest maps onto the shared labels (and, where it gives anchors, onto valence and arousal). A
/// track is fed as its window's last <see cref="Frames"/> poses, person 0: x and y relative to the
/// hips' middle in body heights (y down), the joint's confidence as a third channel where there is one,
/// each value × scale + offset as the manifest says. An unseen joint, a pose without hips, a frame
/// before the window's first pose and every other person are zeros. Bound once; a call allocates nothing.
/// </summary>
public sealed class GaitEmotionModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly InferenceBinding _binding;
    private readonly PinnedTensor<float> _input, _output;
    private readonly int _channels, _persons;
    private readonly float _scale, _offset;
    private readonly bool _hasAnchors;

    private GaitEmotionModel(ModelDescription description, InferenceSession session)
    {
        string manifest = description.ManifestPath;
        PluggedModels.CheckClassifier(description, ModelTask.GaitEmotion, Modality.Body);
        if (description.Inputs.Count != 1 || description.Inputs[0].Content != InputContent.JointsCoco17)
        {
            throw new ModelManifestException(manifest, "inputs", "a gait-emotion model takes one joints-coco17 input ([batch, channels, frames, 17, persons])");
        }

        ModelInput input = description.Inputs[0];

        _channels = (int)input.Shape[1].Size;
        Frames = (int)input.Shape[2].Size;
        _persons = (int)input.Shape[4].Size;
        _scale = (float)input.Normalization.Scale;
        _offset = (float)input.Normalization.Offset;
        _hasAnchors = PluggedModels.HasAnchors(description);

        Description = description;
        _session = session;
        _input = PinnedTensor.Allocate<float>(1, _channels, Frames, BodyPose.KeypointCount, _persons);
        _output = PinnedTensor.Allocate<float>(1, description.Labels.Count);
        _binding = session.CreateBinding();
        _binding.BindInput(input.Name, _input);
        _binding.BindOutput(description.Outputs[0].Name, _output);
    }

    /// <summary>The model's manifest.</summary>
    public ModelDescription Description { get; }

    /// <summary>How many poses one call reads.</summary>
    public int Frames { get; }

    /// <summary>Loads the built model <paramref name="id"/> from <paramref name="store"/>, described by <paramref name="catalog"/>.</summary>
    /// <exception cref="ModelManifestException">The model is not catalogued or built, or its manifest does not describe a gait-emotion model EdgeMer can feed.</exception>
    public static GaitEmotionModel Load(InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, string id, InferenceSessionOptions? options = null)
    {
        InferenceSession session = PluggedModels.Open(environment, catalog, store, id, options, out ModelDescription description);
        return Create(description, session);
    }

    /// <summary>
    /// Loads a gait-emotion model plugged in by its manifest alone (<paramref name="manifestPath"/>, not in the
    /// catalog): a published ONNX model (<c>source.format</c> <c>onnx</c>) whose <c>source.path</c> is read
    /// beside the manifest, only with the <c>source.sha256</c> the manifest gives.
    /// </summary>
    /// <exception cref="ModelManifestException">The manifest is malformed, not an ONNX gait-emotion model, or its file differs from its sha256.</exception>
    /// <exception cref="IOException">The model file cannot be read.</exception>
    public static GaitEmotionModel LoadFromManifest(InferenceEnvironment environment, string manifestPath, InferenceSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ModelDescription description = ModelCatalog.LoadManifest(manifestPath);
        if (description.Source.Format != ModelSourceFormat.Onnx)
        {
            throw new ModelManifestException(description.ManifestPath, "source.format", "a gait model plugged in by its manifest is read as published ONNX; the manifest must say 'onnx'");
        }

        PluggedModels.CheckClassifier(description, ModelTask.GaitEmotion, Modality.Body);
        string file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(description.ManifestPath))!, description.Source.Model.Path);
        byte[] bytes = File.ReadAllBytes(file);
        string sha256 = ModelStore.Sha256Hex(bytes);
        if (!string.Equals(sha256, description.Source.Model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelManifestException(description.ManifestPath, "source.sha256", $"{file} has sha256 {sha256}; the manifest pins {description.Source.Model.Sha256}");
        }

        return Create(description, InferenceSession.Load(environment, bytes, description.Id, options));
    }

    /// <summary>The model <paramref name="description"/> describes, over <paramref name="session"/> (which it then owns).</summary>
    public static GaitEmotionModel Create(ModelDescription description, InferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(description);
        return PluggedModels.Owning(session, () => new GaitEmotionModel(description, session));
    }

    /// <summary>
    /// The emotions of the last poses in <paramref name="window"/> of a body <paramref name="height"/> pixels
    /// tall, and their valence and arousal where the manifest anchors the labels.
    /// </summary>
    public (EmotionDistribution Emotions, ValenceArousal? Affect) Classify(GaitWindow window, float height)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Span<float> input = _input.Span;
        input.Clear();
        const int V = BodyPose.KeypointCount;
        int plane = Frames * V * _persons, first = window.Count - Frames;
        for (int t = 0; t < Frames; t++)
        {
            int i = first + t;
            if (i < 0 || !window.Middle(i, BodyKeypoint.LeftHip, BodyKeypoint.RightHip, out float hx, out float hy))
            {
                continue;
            }

            for (int v = 0; v < V; v++)
            {
                if (!window.Seen(i, v))
                {
                    continue;
                }

                // Element [0, c, t, v, 0] of [1, C, T, V, M] lies at c·plane + at.
                int at = ((t * V) + v) * _persons;
                input[at] = (((window.X(i, v) - hx) / height) * _scale) + _offset;
                input[plane + at] = (((window.Y(i, v) - hy) / height) * _scale) + _offset;
                if (_channels == 3)
                {
                    input[(2 * plane) + at] = (window.Score(i, v) * _scale) + _offset;
                }
            }
        }

        _binding.Run();
        return PluggedModels.Read(Description, _output.Span, _hasAnchors);
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _session.Dispose();
    }
}
