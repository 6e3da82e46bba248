using System.Text.Json;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

[Collection(BuiltModelsGroup.Name)]
public sealed class VerificationTests(BuiltModels models)
{
    [Theory]
    [InlineData("emotion")]
    [InlineData("blazeface-back")]
    [InlineData("facemesh")]
    [InlineData("iris")]
    [InlineData("movenet-lightning")]
    [InlineData("movenet-multipose")]
    [InlineData("blazepose-lite")]
    public void Converted_model_matches_TensorFlow_js_within_1e4_on_every_sample_photograph_and_the_random_inputs(string id)
    {
        ModelDescription manifest = models.Catalog.Find(id);
        var verifier = new ModelVerifier(models.Store, models.Environment, models.Runner);

        ModelVerification result = verifier.Verify(manifest);

        Assert.True(result.Passed, $"{id}: {result.Summary}");
        Assert.Equal(manifest.Outputs.Select(o => o.Name), result.Outputs.Select(o => o.Output));
        Assert.Equal(ExpectedCases(manifest).Order(StringComparer.Ordinal), result.Cases.Order(StringComparer.Ordinal));
        Assert.All(result.Outputs, output => Assert.Contains(output.WorstCase, result.Cases));
    }

    [Fact]
    public void Silero_VAD_gives_the_probabilities_of_vad_web_streaming_the_same_audio_within_1e4_per_frame()
    {
        var verifier = new ModelVerifier(models.Store, models.Environment, models.Runner);

        ModelVerification result = verifier.Verify(models.Catalog.Find("silero-vad"));

        Assert.True(result.Passed, result.Summary);
        Assert.Equal("vad-web", result.Method);
        Assert.Equal(["speech.wav", "silence.wav"], result.Cases);
        OutputDifference output = Assert.Single(result.Outputs);
        Assert.Equal("output", output.Output);
        Assert.True(output.MaxAbsolute <= ModelVerifier.Tolerance, result.Summary);
        var audio = new SampleInputs(models.Environment);
        int frames = (audio.Audio("speech.wav").Length / 512) + (audio.Audio("silence.wav").Length / 512);
        Assert.Contains($"over {frames} frames of 512 samples after 64 of context", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Silero_VAD_comparison_fails_when_the_frames_are_fed_without_the_previous_frames_context()
    {
        // What EdgeMer did before: 512 new samples per call and nothing of the previous frame.
        var verifier = new ModelVerifier(models.Store, models.Environment, new ContextDroppingRunner(models.Runner));

        ModelVerification result = verifier.Verify(models.Catalog.Find("silero-vad"));

        Assert.False(result.Passed, result.Summary);
        Assert.True(result.WorstScaled > 100 * ModelVerifier.Tolerance, result.Summary);
    }

    [Fact]
    public void The_verification_report_document_holds_every_models_cases_and_differences_and_fails_when_one_model_fails()
    {
        ModelVerification iris = new ModelVerifier(models.Store, models.Environment, models.Runner).Verify(models.Catalog.Find("iris"));
        ModelVerification perturbed = new ModelVerifier(models.Store, models.Environment, new PerturbingRunner(models.Runner, absolute: 1e-3))
            .Verify(models.Catalog.Find("emotion"));

        using JsonDocument document = JsonDocument.Parse(new VerificationReport([iris, perturbed]).ToJson());

        JsonElement root = document.RootElement;
        Assert.Equal(ModelVerifier.Tolerance, root.GetProperty("tolerance").GetDouble());
        Assert.False(root.GetProperty("passed").GetBoolean());
        JsonElement[] reported = [.. root.GetProperty("models").EnumerateArray()];
        Assert.Equal(["iris", "emotion"], reported.Select(m => m.GetProperty("modelId").GetString()));
        Assert.Equal([true, false], reported.Select(m => m.GetProperty("passed").GetBoolean()));
        Assert.Equal(iris.Cases, reported[0].GetProperty("cases").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(perturbed.WorstScaled, reported[1].GetProperty("worstScaled").GetDouble());
        JsonElement output = reported[0].GetProperty("outputs")[0];
        Assert.Equal(iris.Outputs[0].Output, output.GetProperty("output").GetString());
        Assert.Equal(iris.Outputs[0].MaxAbsolute, output.GetProperty("maxAbsolute").GetDouble());
        Assert.Equal(iris.Outputs[0].MaxScaled, output.GetProperty("maxScaled").GetDouble());
        Assert.Equal(iris.Outputs[0].WorstCase, output.GetProperty("worstCase").GetString());
        Assert.Equal("tfjs", reported[0].GetProperty("method").GetString());
    }

    /// <summary>The inputs the verification must have run: a face crop of each photograph with a marked face, or each photograph whole, and the random inputs.</summary>
    private static List<string> ExpectedCases(ModelDescription model)
    {
        string media = Path.Combine(RepoPaths.Root, "models", "sample-media");
        var cases = new List<string>();
        if (model.Inputs[0].Content == InputContent.FaceCrop)
        {
            using JsonDocument faces = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(media, "faces.json")));
            cases.AddRange(faces.RootElement.GetProperty("faces").EnumerateObject().Select(face => $"face crop of {face.Name}"));
        }
        else
        {
            cases.AddRange(Directory.GetFiles(media, "*.jpg").Select(photo => $"frame {Path.GetFileName(photo)}"));
        }

        cases.AddRange(Enumerable.Range(1, model.RandomInputs).Select(i => $"random input {i}"));
        return cases;
    }

    [Fact]
    public void The_comparison_fails_when_the_converted_model_differs_from_the_original()
    {
        // A runner that perturbs every float output by 1e-3 must be caught: the check can fail.
        var verifier = new ModelVerifier(models.Store, models.Environment, new PerturbingRunner(models.Runner, absolute: 1e-3));

        ModelVerification result = verifier.Verify(models.Catalog.Find("emotion"));

        Assert.False(result.Passed);
        Assert.True(result.WorstScaled > ModelVerifier.Tolerance);
    }

    [Fact]
    public void Differences_are_scaled_by_the_largest_magnitude_of_an_output_and_the_absolute_maximum_is_still_reported()
    {
        // BlazeFace's score logits reach magnitudes far above 1: a relative error of 5e-5 is within the
        // tolerance after scaling, although its absolute size is far above 1e-4, and both are reported.
        var verifier = new ModelVerifier(models.Store, models.Environment, new PerturbingRunner(models.Runner, relative: 5e-5));

        ModelVerification result = verifier.Verify(models.Catalog.Find("blazeface-back"));

        Assert.True(result.Passed, result.Summary);
        OutputDifference scores = result.Outputs.Single(o => o.Output == "scores_16x16");
        Assert.True(scores.MaxAbsolute > 10 * ModelVerifier.Tolerance, $"scores_16x16 differed by only {scores.MaxAbsolute} absolute");
        Assert.True(scores.MaxScaled <= ModelVerifier.Tolerance);
        Assert.Contains("scores_16x16: max |diff| ", result.Summary, StringComparison.Ordinal);
        Assert.Contains(", scaled ", result.Summary, StringComparison.Ordinal);
    }

    /// <summary>Streams as the runner it wraps, but without the context the model takes before each frame.</summary>
    private sealed class ContextDroppingRunner(IOnnxModelRunner inner) : IOnnxModelRunner
    {
        public IReadOnlyList<IReadOnlyList<RawTensor>> Run(string modelPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases) =>
            inner.Run(modelPath, outputNames, cases);

        public float[] RunRecurrent(string modelPath, RecurrentRun run, float[] samples, IReadOnlyList<RawTensor> otherInputs) =>
            inner.RunRecurrent(modelPath, run with { Context = 0 }, samples, otherInputs);
    }

    /// <summary>Changes every float output by <c>absolute + relative * value</c>, like a converter with that error.</summary>
    private sealed class PerturbingRunner(IOnnxModelRunner inner, double absolute = 0, double relative = 0) : IOnnxModelRunner
    {
        public IReadOnlyList<IReadOnlyList<RawTensor>> Run(string modelPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases)
        {
            var perturbed = new List<IReadOnlyList<RawTensor>>();
            foreach (IReadOnlyList<RawTensor> outputs in inner.Run(modelPath, outputNames, cases))
            {
                var changed = new List<RawTensor>();
                foreach (RawTensor output in outputs)
                {
                    float[] values = Array.ConvertAll(output.ToDoubles(), v => (float)(v + absolute + (relative * v)));
                    changed.Add(RawTensor.FromFloats(output.Name, output.Shape, values));
                }

                perturbed.Add(changed);
            }

            return perturbed;
        }

        public float[] RunRecurrent(string modelPath, RecurrentRun run, float[] samples, IReadOnlyList<RawTensor> otherInputs) =>
            inner.RunRecurrent(modelPath, run, samples, otherInputs);
    }
}
