using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// A speech-emotion model plugged in through its manifest (task <c>speech-emotion</c>, modality voice):
/// one input of 16 kHz samples (<c>audio-16k</c>, [batch, samples]) or of EdgeMer's log-mel spectrogram
/// (<c>log-mel-16k</c>, [batch, frames, mel bins]), normalised as the manifest says, and one output of
/// probabilities over the model's labels, which the manifest maps onto the shared labels (and, where it
/// gives anchors, onto valence and arousal). A segment is fed as its middle window of the length the
/// input takes, or centred in zeros when shorter. Bound once; a call allocates nothing.
/// </summary>
public sealed class SpeechEmotionModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly InferenceBinding _binding;
    private readonly PinnedTensor<float> _input, _output;
    private readonly LogMelSpectrogram? _logMel;
    private readonly float[] _window;
    private readonly int _frames;
    private readonly double _scale, _offset;
    private readonly bool _hasAnchors;

    private SpeechEmotionModel(ModelDescription description, InferenceSession session)
    {
        string manifest = description.ManifestPath;
        PluggedModels.CheckClassifier(description, ModelTask.SpeechEmotion, Modality.Voice);

        if (description.Inputs.Count != 1)
        {
            throw new ModelManifestException(manifest, "inputs", $"a speech-emotion model takes one input (samples or a log-mel spectrogram); '{description.Id}' lists {description.Inputs.Count}");
        }

        ModelInput input = description.Inputs[0];
        _scale = input.Normalization.Scale;
        _offset = input.Normalization.Offset;
        switch (input.Content)
        {
            case InputContent.Audio16k when input.Framing is { ContextSamples: 0 } framing:
                _window = new float[framing.FrameSamples];
                _input = PinnedTensor.Allocate<float>(1, framing.FrameSamples);
                break;
            case InputContent.LogMel16k:
                _frames = (int)input.Shape[1].Size;
                _logMel = new LogMelSpectrogram((int)input.Shape[2].Size);
                _window = new float[LogMelSpectrogram.SamplesFor(_frames)];
                _input = PinnedTensor.Allocate<float>(1, _frames, _logMel.MelBins);
                break;
            default:
                throw new ModelManifestException(manifest, "inputs[0].content", "a speech-emotion model takes audio-16k samples (framing without context) or a log-mel-16k spectrogram");
        }

        _hasAnchors = PluggedModels.HasAnchors(description);

        Description = description;
        _session = session;
        _output = PinnedTensor.Allocate<float>(1, description.Labels.Count);
        _binding = session.CreateBinding();
        _binding.BindInput(input.Name, _input);
        _binding.BindOutput(description.Outputs[0].Name, _output);
    }

    /// <summary>The model's manifest.</summary>
    public ModelDescription Description { get; }

    /// <summary>How many samples of a segment one call reads.</summary>
    public int WindowSamples => _window.Length;

    /// <summary>Loads the built model <paramref name="id"/> from <paramref name="store"/>, described by <paramref name="catalog"/>.</summary>
    /// <exception cref="ModelManifestException">The model is not catalogued or built, or its manifest does not describe a speech-emotion model EdgeMer can feed.</exception>
    public static SpeechEmotionModel Load(InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, string id, InferenceSessionOptions? options = null)
    {
        InferenceSession session = PluggedModels.Open(environment, catalog, store, id, options, out ModelDescription description);
        return Create(description, session);
    }

    /// <summary>The model <paramref name="description"/> describes, over <paramref name="session"/> (which it then owns).</summary>
    public static SpeechEmotionModel Create(ModelDescription description, InferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(description);
        return PluggedModels.Owning(session, () => new SpeechEmotionModel(description, session));
    }

    /// <summary>The emotions of <paramref name="segment"/> (16 kHz), and their valence and arousal where the manifest anchors the labels.</summary>
    public (EmotionDistribution Emotions, ValenceArousal? Affect) Classify(ReadOnlySpan<float> segment)
    {
        Span<float> window = _window;
        window.Clear();
        if (segment.Length >= window.Length)
        {
            segment.Slice((segment.Length - window.Length) / 2, window.Length).CopyTo(window);
        }
        else
        {
            segment.CopyTo(window[((window.Length - segment.Length) / 2)..]);
        }

        Span<float> input = _input.Span;
        if (_logMel is null)
        {
            window.CopyTo(input);
        }
        else
        {
            _logMel.Compute(window, _frames, input);
        }

        if (_scale != 1 || _offset != 0)
        {
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (float)((input[i] * _scale) + _offset);
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
