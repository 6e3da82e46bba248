using System.Diagnostics;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// Silero VAD v5 run as a stream: each call takes <see cref="FrameSamples"/> new samples (32 ms at
/// 16 kHz) behind the last <see cref="ContextSamples"/> samples of the previous frame, and carries the
/// recurrent state from call to call, as its manifest's framing says. <see cref="Reset"/> starts a new
/// stream (zeros for context and state) after a gap in the sound. Inputs and outputs are bound once, so
/// a call allocates nothing.
/// </summary>
public sealed class SileroVoiceActivityModel : IDisposable
{
    /// <summary>The catalog id of the model.</summary>
    public const string CatalogId = "silero-vad";

    private readonly InferenceSession _session;
    private readonly InferenceBinding _binding;
    private readonly PinnedTensor<float> _input, _state, _stateOut, _probability;
    private readonly PinnedTensor<long> _sampleRate;
    private readonly int _stateLength;
    private long _modelTicks;
    private long _calls;

    private SileroVoiceActivityModel(ModelDescription description, InferenceSession session)
    {
        ModelInput audio = description.InputFor(InputContent.Audio16k)
            ?? throw new ModelManifestException(description.ManifestPath, "inputs", "the voice activity model needs an audio-16k input");
        ModelInput state = description.InputFor(InputContent.State)
            ?? throw new ModelManifestException(description.ManifestPath, "inputs", "the voice activity model needs a state input");
        ModelInput rate = description.InputFor(InputContent.SampleRate)
            ?? throw new ModelManifestException(description.ManifestPath, "inputs", "the voice activity model needs a sample-rate input");
        AudioFraming framing = audio.Framing
            ?? throw new ModelManifestException(description.ManifestPath, "inputs", $"input '{audio.Name}' needs its framing");
        ModelOutput? stateOut = null, probability = null;
        foreach (ModelOutput output in description.Outputs)
        {
            if (stateOut is null && output.Shape.SequenceEqual(state.Shape))
            {
                stateOut = output;
            }
            else
            {
                probability ??= output;
            }
        }

        if (stateOut is null || probability is null)
        {
            throw new ModelManifestException(description.ManifestPath, "outputs", "the voice activity model needs a probability output and a state output shaped as its state input");
        }

        FrameSamples = framing.FrameSamples;
        ContextSamples = framing.ContextSamples;
        long[] stateShape = new long[state.Shape.Count];
        for (int i = 0; i < stateShape.Length; i++)
        {
            stateShape[i] = state.Shape[i].For(1);
        }

        _session = session;
        _input = PinnedTensor.Allocate<float>(1, framing.CallSamples);
        _state = PinnedTensor.Allocate<float>(stateShape);
        _stateOut = PinnedTensor.Allocate<float>(stateShape);
        _probability = PinnedTensor.Allocate<float>(1, 1);
        _sampleRate = PinnedTensor.Allocate<long>();
        _sampleRate.Span[0] = Capture.AudioChunk.SampleRate;
        _stateLength = (int)_state.ElementCount;
        _binding = session.CreateBinding();
        _binding.BindInput(audio.Name, _input);
        _binding.BindInput(state.Name, _state);
        _binding.BindInput(rate.Name, _sampleRate);
        _binding.BindOutput(probability.Name, _probability);
        _binding.BindOutput(stateOut.Name, _stateOut);
    }

    /// <summary>New samples per call (512: 32 ms).</summary>
    public int FrameSamples { get; }

    /// <summary>Samples of the previous frame fed again in front of the new ones (64).</summary>
    public int ContextSamples { get; }

    /// <summary>Time spent inside ONNX Runtime so far, in <see cref="Stopwatch"/> ticks.</summary>
    public long ModelTicks => _modelTicks;

    /// <summary>Calls so far.</summary>
    public long Calls => _calls;

    /// <summary>
    /// Loads the built model's <paramref name="variant"/> (<c>fp32</c>, or <c>int8</c> as a device
    /// profile's <c>inference.modelVariants</c> chooses) from <paramref name="store"/>, only with the
    /// sha256 its index recorded, described by <paramref name="catalog"/>'s manifest.
    /// </summary>
    /// <exception cref="ModelManifestException">The model is not in the catalog or not built, or its manifest lacks the stream inputs.</exception>
    public static SileroVoiceActivityModel Load(InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, InferenceSessionOptions? options = null, string variant = ModelStore.Fp32)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(store);
        ModelDescription description = catalog.Find(CatalogId);
        VerifiedModel file = store.ReadVariant(description, variant);
        InferenceSession session = InferenceSession.Load(environment, file.Bytes, $"{CatalogId} ({variant})", options);
        return Create(description, session);
    }

    /// <summary>The stream over an opened <paramref name="session"/> of the model <paramref name="description"/> describes (any variant); disposing it disposes the session.</summary>
    public static SileroVoiceActivityModel Create(ModelDescription description, InferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            return new SileroVoiceActivityModel(description, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The probability that <paramref name="frame"/> (<see cref="FrameSamples"/> new samples) holds speech; advances the stream.</summary>
    public float Probability(ReadOnlySpan<float> frame)
    {
        if (frame.Length != FrameSamples)
        {
            throw new ArgumentException($"a frame is {FrameSamples} samples, got {frame.Length}", nameof(frame));
        }

        Span<float> input = _input.Span;
        input[FrameSamples..].CopyTo(input);
        frame.CopyTo(input[ContextSamples..]);
        long start = Stopwatch.GetTimestamp();
        _binding.Run();
        _modelTicks += Stopwatch.GetTimestamp() - start;
        _calls++;
        _stateOut.Span[.._stateLength].CopyTo(_state.Span);
        return _probability.Span[0];
    }

    /// <summary>Starts a new stream: no context, zero state (after a gap, or a new source).</summary>
    public void Reset()
    {
        _input.Span.Clear();
        _state.Span.Clear();
    }

    /// <summary>Forgets the timing so far (a benchmark's warm-up).</summary>
    public void ResetTiming()
    {
        _modelTicks = 0;
        _calls = 0;
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _state.Dispose();
        _stateOut.Dispose();
        _probability.Dispose();
        _sampleRate.Dispose();
        _session.Dispose();
    }
}
