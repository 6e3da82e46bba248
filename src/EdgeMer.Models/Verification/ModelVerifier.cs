using System.Globalization;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Models.Verification;

/// <summary>
/// Checks each converted model against its original: TensorFlow.js models output by output on real
/// face crops or frames plus random inputs; Silero VAD by its speech probability on the sample
/// speech vs silence.
/// </summary>
/// <remarks>
/// The TensorFlow.js criterion, per output and per input, with <c>r</c> the reference output and
/// <c>c</c> the converted one: <c>max_i |r_i - c_i| / max(1, max_i |r_i|) &lt;= </c><see cref="Tolerance"/>.
/// That is an absolute tolerance for outputs within ±1 (probabilities) and a tolerance relative to the
/// output's largest magnitude for larger ones (pixel coordinates up to a few hundred, logits), whose
/// float32 rounding grows with it. Both the absolute and the scaled maxima are reported
/// (<see cref="OutputDifference"/>), so a large absolute difference is never hidden.
/// </remarks>
public sealed class ModelVerifier
{
    /// <summary>The largest allowed scaled difference: the difference divided by max(1, the reference output's largest |value|).</summary>
    public const double Tolerance = 1e-4;

    private readonly ModelStore _store;
    private readonly NodeModelReference _reference;
    private readonly IOnnxModelRunner _runner;
    private readonly SampleInputs _inputs;

    /// <param name="runner">Runs the converted models: <see cref="OnnxRuntimeModelRunner"/> over EdgeMer's binding.</param>
    public ModelVerifier(ModelStore store, ReferenceEnvironment environment, IOnnxModelRunner runner)
    {
        _store = store;
        _reference = new NodeModelReference(environment);
        _runner = runner;
        _inputs = new SampleInputs(environment);
    }

    public ModelVerification Verify(ModelManifest manifest) => manifest.Verification!.Method switch
    {
        "tfjs" => VerifyAgainstTfJs(manifest),
        "speech-vs-silence" => VerifySpeechDetector(manifest),
        _ => throw new ModelManifestException(manifest.Path, "verification.method", $"'{manifest.Verification.Method}' is not known"),
    };

    private ModelVerification VerifyAgainstTfJs(ModelManifest manifest)
    {
        IReadOnlyList<KeyValuePair<string, RawTensor>> named = _inputs.ForImageModel(manifest, manifest.Verification!.RandomInputs ?? 1);
        ManifestInput input = manifest.Inputs![0];
        var onnxCases = new List<IReadOnlyList<RawTensor>>(named.Count);
        var tfCases = new List<IReadOnlyList<RawTensor>>(named.Count);
        foreach (KeyValuePair<string, RawTensor> each in named)
        {
            onnxCases.Add([each.Value]);
            tfCases.Add([each.Value with { Name = input.SourceName ?? input.Name! }]);
        }

        var onnxNames = new List<string>();
        var tfNames = new List<string>();
        foreach (ManifestOutput output in manifest.Outputs!)
        {
            onnxNames.Add(output.Name!);
            tfNames.Add(output.SourceName!);
        }

        IReadOnlyList<IReadOnlyList<RawTensor>> expected = _reference.RunTfJs(_store.SourcePath(manifest), tfNames, tfCases);
        IReadOnlyList<IReadOnlyList<RawTensor>> actual = _runner.Run(_store.ModelPath(manifest.Id!), onnxNames, onnxCases);

        var differences = new List<OutputDifference>();
        bool passed = true;
        for (int o = 0; o < onnxNames.Count; o++)
        {
            double maxAbsolute = 0, maxScaled = 0;
            string worstCase = named[0].Key;
            for (int c = 0; c < named.Count; c++)
            {
                RawTensor reference = expected[c][o];
                RawTensor converted = actual[c][o];
                if (!reference.Shape.AsSpan().SequenceEqual(converted.Shape))
                {
                    throw new InvalidOperationException(
                        $"{manifest.Id}: output '{onnxNames[o]}' has shape [{string.Join(", ", converted.Shape)}], TensorFlow.js gives [{string.Join(", ", reference.Shape)}] ({named[c].Key})");
                }

                double[] a = reference.ToDoubles();
                double[] b = converted.ToDoubles();
                double magnitude = 1;
                foreach (double value in a)
                {
                    magnitude = Math.Max(magnitude, Math.Abs(value));
                }

                for (int i = 0; i < a.Length; i++)
                {
                    double absolute = Math.Abs(a[i] - b[i]);
                    double scaled = absolute / magnitude;
                    if (double.IsNaN(absolute))
                    {
                        absolute = scaled = double.PositiveInfinity;
                    }

                    maxAbsolute = Math.Max(maxAbsolute, absolute);
                    if (scaled > maxScaled)
                    {
                        maxScaled = scaled;
                        worstCase = named[c].Key;
                    }
                }
            }

            passed &= maxScaled <= Tolerance;
            differences.Add(new OutputDifference(onnxNames[o], maxAbsolute, maxScaled, worstCase));
        }

        var summary = new System.Text.StringBuilder();
        foreach (OutputDifference difference in differences)
        {
            summary.Append(CultureInfo.InvariantCulture, $"{difference.Output}: max |diff| {difference.MaxAbsolute:0.###e+0}, scaled {difference.MaxScaled:0.###e+0} ({difference.WorstCase}); ");
        }

        return new ModelVerification(manifest.Id!, "tfjs", named.Count, differences, passed, summary.ToString().TrimEnd(' ', ';'));
    }

    private ModelVerification VerifySpeechDetector(ModelManifest manifest)
    {
        var run = new RecurrentRun("input", 512, "state", "stateN", [2, 1, 128], "output");
        RawTensor sampleRate = RawTensor.FromInt64s("sr", [], [16000]);
        string model = _store.ModelPath(manifest.Id!);
        float[] speech = _runner.RunRecurrent(model, run, _inputs.Audio("speech.wav"), [sampleRate]);
        float[] silence = _runner.RunRecurrent(model, run, _inputs.Audio("silence.wav"), [sampleRate]);
        float speechPeak = Max(speech);
        float silencePeak = Max(silence);
        int speechChunks = 0;
        foreach (float p in speech)
        {
            speechChunks += p > 0.5f ? 1 : 0;
        }

        // Speech must be detected in a good share of the spoken chunks, and nowhere in silence.
        bool passed = speechPeak > 0.9f && speechChunks >= speech.Length / 4 && silencePeak < 0.1f;
        string summary = string.Create(
            CultureInfo.InvariantCulture,
            $"speech: peak probability {speechPeak:0.000}, {speechChunks}/{speech.Length} chunks above 0.5; silence: peak {silencePeak:0.000} over {silence.Length} chunks");
        return new ModelVerification(manifest.Id!, "speech-vs-silence", 2, [], passed, summary);
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
}
