using EdgeMer.Models.Verification;

namespace EdgeMer.Models.Tests;

[Collection(BuiltModelsGroup.Name)]
public sealed class VerificationTests(BuiltModels models)
{
    [Theory]
    [InlineData("emotion")]
    [InlineData("blazeface-back")]
    [InlineData("facemesh")]
    [InlineData("iris")]
    [InlineData("movenet-lightning")]
    public void Converted_model_matches_TensorFlow_js_within_1e4_on_real_and_random_inputs(string id)
    {
        var verifier = new ModelVerifier(models.Store, models.Environment, models.Runner);

        ModelVerification result = verifier.Verify(models.Catalog.Find(id));

        Assert.True(result.Passed, $"{id}: {result.Summary}");
        Assert.Equal(models.Catalog.Find(id).Outputs!.Count, result.Outputs.Count);
        Assert.True(result.Cases >= 4, $"{id} was checked on only {result.Cases} inputs");
        Assert.Contains(result.Outputs, o => o.WorstCase.StartsWith("face crop", StringComparison.Ordinal) || o.WorstCase.StartsWith("frame", StringComparison.Ordinal) || o.WorstCase.StartsWith("random", StringComparison.Ordinal));
    }

    [Fact]
    public void Silero_VAD_detects_the_sample_speech_and_not_the_silence()
    {
        var verifier = new ModelVerifier(models.Store, models.Environment, models.Runner);

        ModelVerification result = verifier.Verify(models.Catalog.Find("silero-vad"));

        Assert.True(result.Passed, result.Summary);
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
