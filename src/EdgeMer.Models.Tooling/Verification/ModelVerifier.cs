using System.Globalization;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>
/// Checks each converted model against its original: TensorFlow.js models output by output on real
/// face crops or frames plus random inputs; Silero VAD frame by frame against the pinned
/// @ricky0123/vad-web's own streaming of the published model on the sample speech and silence.
/// </summary>
/// <remarks>
/// The criterion, per output and per input, with <c>r</c> the reference output and <c>c</c> the
/// converted one: <c>max_i |r_i - c_i| / max(1, max_i |r_i|) &lt;= </c><see cref="Tolerance"/>.
/// That is an absolute tolerance for outputs within ±1 (probabilities) and a tolerance relative to the
/// output's largest magnitude for larger ones (pixel coordinates up to a few hundred, logits), whose
/// float32 rounding grows with it. Both the absolute and the scaled maxima are reported
/// (<see cref="OutputDifference"/>), so a large absolute difference is never hidden.
/// </remarks>
public sealed class ModelVerifier
{
    /// <summary>The largest allowed scaled difference: the difference divided by max(1, the reference output's largest |value|).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>The sample audio a stream model is verified on: espeak-ng speech and digital silence.</summary>
    private static readonly string[] s_audio = ["speech.wav", "silence.wav"];

    private readonly ModelStoreBuilder _store;
    private readonly NodeModelReference _reference;
    private readonly VadWebReference _vadWeb;
    private readonly IOnnxModelRunner _runner;
    private readonly SampleInputs _inputs;

    /// <param name="runner">Runs the converted models: <see cref="OnnxRuntimeModelRunner"/> over EdgeMer's binding.</param>
    public ModelVerifier(ModelStoreBuilder store, ReferenceEnvironment environment, IOnnxModelRunner runner)
    {
        _store = store;
        _reference = new NodeModelReference(environment);
        _vadWeb = new VadWebReference(environment);
        _runner = runner;
        _inputs = new SampleInputs(environment);
    }

    public ModelVerification Verify(ModelDescription model) => model.Verification switch
    {
        VerificationMethod.Tfjs => VerifyAgainstTfJs(model),
        VerificationMethod.VadWeb => VerifyAgainstVadWeb(model),
        _ => throw new ModelManifestException(model.ManifestPath, "verification.method", $"'{model.Verification}' is not known"),
    };

    private ModelVerification VerifyAgainstTfJs(ModelDescription model)
    {
        IReadOnlyList<KeyValuePair<string, RawTensor>> named = _inputs.ForImageModel(model, model.RandomInputs);
        ModelInput input = model.Inputs[0];
        var caseNames = new List<string>(named.Count);
        var onnxCases = new List<IReadOnlyList<RawTensor>>(named.Count);
        var tfCases = new List<IReadOnlyList<RawTensor>>(named.Count);
        foreach (KeyValuePair<string, RawTensor> each in named)
        {
            caseNames.Add(each.Key);
            onnxCases.Add([each.Value]);
            tfCases.Add([each.Value with { Name = input.SourceName ?? input.Name }]);
        }

        var onnxNames = new List<string>();
        var tfNames = new List<string>();
        foreach (ModelOutput output in model.Outputs)
        {
            onnxNames.Add(output.Name);
            tfNames.Add(output.SourceName!);
        }

        IReadOnlyList<IReadOnlyList<RawTensor>> expected = _reference.RunTfJs(_store.SourcePath(model), tfNames, tfCases);
        IReadOnlyList<IReadOnlyList<RawTensor>> actual = _runner.Run(_store.ModelPath(model.Id), onnxNames, onnxCases);

        var differences = new List<OutputDifference>();
        bool passed = true;
        for (int o = 0; o < onnxNames.Count; o++)
        {
            var tracker = new DifferenceTracker();
            for (int c = 0; c < named.Count; c++)
            {
                RawTensor reference = expected[c][o];
                RawTensor converted = actual[c][o];
                if (!reference.Shape.AsSpan().SequenceEqual(converted.Shape))
                {
                    throw new InvalidOperationException(
                        $"{model.Id}: output '{onnxNames[o]}' has shape [{string.Join(", ", converted.Shape)}], TensorFlow.js gives [{string.Join(", ", reference.Shape)}] ({named[c].Key})");
                }

                tracker.Add(named[c].Key, reference.ToDoubles(), converted.ToDoubles(), element: null);
            }

            OutputDifference difference = tracker.Result(onnxNames[o]);
            passed &= difference.MaxScaled <= Tolerance;
            differences.Add(difference);
        }

        return new ModelVerification(model.Id, "tfjs", caseNames, differences, passed, Describe(differences));
    }

    /// <summary>
    /// Silero VAD: every frame's probability from EdgeMer's streaming (its runner, the model's frame
    /// and context) against @ricky0123/vad-web's own streaming of the published file, on the same
    /// decoded audio. The speech must also be found and the silence not, so a reference that went
    /// wrong the same way (a broken decode, say) cannot pass.
    /// </summary>
    private ModelVerification VerifyAgainstVadWeb(ModelDescription model)
    {
        RecurrentRun run = RecurrentRun.For(model);
        var otherInputs = new List<RawTensor>();
        if (model.InputFor(InputContent.SampleRate) is { } rate)
        {
            otherInputs.Add(RawTensor.FromInt64s(rate.Name, [], [16000]));
        }

        var signals = new List<float[]>(s_audio.Length);
        foreach (string file in s_audio)
        {
            signals.Add(_inputs.Audio(file));
        }

        IReadOnlyList<float[]> expected = _vadWeb.Run(_store.PackageFolder(model), _store.SourcePath(model), run.Chunk, signals);
        string modelPath = _store.ModelPath(model.Id);
        var tracker = new DifferenceTracker();
        var actual = new List<float[]>(signals.Count);
        for (int s = 0; s < signals.Count; s++)
        {
            float[] probabilities = _runner.RunRecurrent(modelPath, run, signals[s], otherInputs);
            if (probabilities.Length != expected[s].Length)
            {
                throw new InvalidOperationException($"{model.Id}: {s_audio[s]} gave {probabilities.Length} frames, the vad-web reference {expected[s].Length}");
            }

            double seconds = run.Chunk / 16000.0;
            tracker.Add(s_audio[s], Array.ConvertAll(expected[s], v => (double)v), Array.ConvertAll(probabilities, v => (double)v),
                element: i => string.Create(CultureInfo.InvariantCulture, $"frame {i} (at {i * seconds:0.000} s)"));
            actual.Add(probabilities);
        }

        OutputDifference difference = tracker.Result(run.Output);
        float[] speech = actual[0], silence = actual[1];
        float speechPeak = Max(speech);
        float silencePeak = Max(silence);
        int speechFrames = 0;
        foreach (float p in speech)
        {
            speechFrames += p > 0.5f ? 1 : 0;
        }

        // Speech is found in a good share of the spoken frames, and nowhere in the silence.
        bool sane = speechPeak > 0.9f && speechFrames >= speech.Length / 4 && silencePeak < 0.1f;
        string summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{Describe([difference])} over {speech.Length + silence.Length} frames of {run.Chunk} samples after {run.Context} of context, vs @ricky0123/vad-web's streaming in onnxruntime-node; " +
            $"speech: peak {speechPeak:0.000}, {speechFrames}/{speech.Length} frames above 0.5; silence: peak {silencePeak:0.000} over {silence.Length} frames");
        return new ModelVerification(model.Id, "vad-web", s_audio, [difference], difference.MaxScaled <= Tolerance && sane, summary);
    }

    private static string Describe(IEnumerable<OutputDifference> differences)
    {
        var summary = new System.Text.StringBuilder();
        foreach (OutputDifference difference in differences)
        {
            summary.Append(CultureInfo.InvariantCulture, $"{difference.Output}: max |diff| {difference.MaxAbsolute:0.###e+0}, scaled {difference.MaxScaled:0.###e+0} ({difference.WorstCase}); ");
        }

        return summary.ToString().TrimEnd(' ', ';');
    }

    private static float Max(float[] values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    /// <summary>The largest absolute and scaled differences of one output over several cases, and where the scaled one was.</summary>
    private sealed class DifferenceTracker
    {
        private double _maxAbsolute;
        private double _maxScaled;
        private string? _worstCase;

        /// <param name="element">Names an element within the case (a frame), for outputs compared element by element over time.</param>
        public void Add(string caseName, double[] reference, double[] converted, Func<int, string>? element)
        {
            double magnitude = 1;
            foreach (double value in reference)
            {
                magnitude = Math.Max(magnitude, Math.Abs(value));
            }

            _worstCase ??= caseName;
            for (int i = 0; i < reference.Length; i++)
            {
                double absolute = Math.Abs(reference[i] - converted[i]);
                double scaled = absolute / magnitude;
                if (double.IsNaN(absolute))
                {
                    absolute = scaled = double.PositiveInfinity;
                }

                _maxAbsolute = Math.Max(_maxAbsolute, absolute);
                if (scaled > _maxScaled)
                {
                    _maxScaled = scaled;
                    _worstCase = element is null ? caseName : $"{caseName} {element(i)}";
                }
            }
        }

        public OutputDifference Result(string output) => new(output, _maxAbsolute, _maxScaled, _worstCase ?? "(no cases)");
    }
}
