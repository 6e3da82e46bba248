using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Pruning;
using EdgeMer.Quantization.Running;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests.Pruning;

/// <summary>
/// The committed pruning recipe on the real Silero VAD: fixing <c>sr</c> at 16 kHz folds the
/// sample-rate If into its 16 kHz branch, which keeps the model's inputs, passes Debian's onnx
/// checker, gives fp32's output at 16 kHz, and the same when given 8 kHz, and marks exactly the
/// frames fp32 marks; the STFT's filters and the convolutions whose
/// channels reach the LSTM's If stay whole, the first three encoder convolutions are pruned, and the
/// recipe's candidates are measured on the held-out audio and judged by its bound.
/// </summary>
public sealed class SileroVadPruningTests : IClassFixture<SileroVadPruningTests.Pruned>
{
    private const string Encoder = "If_0_then_branch__Inline_0__/encoder/";

    private readonly Pruned _pruned;

    public SileroVadPruningTests(Pruned pruned)
    {
        _pruned = pruned;
    }

    [Fact]
    public void Fixing_the_sample_rate_folds_the_16_khz_branch_into_the_main_graph_keeping_the_inputs()
    {
        OnnxModel model = OnnxModel.Load(_pruned.Fp32Path);
        Assert.Equal(0, model.Graph.Nodes.Count(n => n.OpType == "Conv"));

        IReadOnlyList<string> folded = FixedInputFolding.Fold(model, _pruned.Recipe.FixedInputs, _pruned.Recipe.Source);

        Assert.StartsWith("If node 'If_0': its condition is true, so its then_branch", Assert.Single(folded), StringComparison.Ordinal);
        Assert.Equal(6, model.Graph.Nodes.Count(n => n.OpType == "Conv"));
        Assert.Equal(["input", "state", "sr"], model.Graph.Inputs.Select(i => i.Name));
        Assert.Empty(model.FindProblems());
        ExternalProgramResult check = PruningModels.Check(model);
        Assert.True(check.ExitCode == 0, check.StandardError);
    }

    [Fact]
    public void The_folded_model_runs_its_16_khz_branch_whatever_sample_rate_it_is_given()
    {
        OnnxModel model = OnnxModel.Load(_pruned.Fp32Path);
        FixedInputFolding.Fold(model, _pruned.Recipe.FixedInputs, _pruned.Recipe.Source);
        ModelDescription description = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models")).Find("silero-vad");
        InputCase at16k = VoiceActivityRuns.SpeechFrame(description, new AudioInputs(Path.Combine(RepoPaths.Root, "models", "sample-media")).Streams()[0]);
        var at8k = new InputCase("the same call with sr 8000", [at16k.Tensors[0], at16k.Tensors[1], RawTensor.FromInt64s("sr", [], [8000])]);
        string[] outputs = ["output", "stateN"];

        using var fp32 = InferenceSession.Load(TestRuntime.Environment, File.ReadAllBytes(_pruned.Fp32Path), "silero-vad fp32");
        using var folded = InferenceSession.Load(TestRuntime.Environment, model.ToBytes(), "silero-vad folded");
        float[][] reference = SessionRuns.RunFloats(fp32, at16k, outputs);

        Assert.Equal(reference, SessionRuns.RunFloats(folded, at16k, outputs));
        Assert.Equal(reference, SessionRuns.RunFloats(folded, at8k, outputs));
    }

    [Fact]
    public void The_folded_model_marks_the_frames_fp32_marks()
    {
        IReadOnlyList<FidelityFigure> fidelity = _pruned.Result.Report.FoldedFidelity!;

        Assert.Equal(100, fidelity.Single(f => f.Name == "speech/non-speech agreement").Value);
        Assert.True(fidelity.Single(f => f.Name == "worst probability error").Value < 1e-4);
    }

    [Fact]
    public void The_stft_and_the_convolutions_before_the_lstm_stay_whole_and_the_first_three_encoder_convolutions_are_pruned()
    {
        IReadOnlyList<PrunedGroup> groups = _pruned.Result.Report.Candidates[^1].Groups;

        PrunedGroup stft = groups.Single(g => g.Convolutions.Contains("If_0_then_branch__Inline_0__/stft/Conv"));
        Assert.Contains("Slice node", stft.LeftWhole, StringComparison.Ordinal);
        PrunedGroup last = groups.Single(g => g.Convolutions.Contains(Encoder + "3/reparam_conv/Conv"));
        Assert.Contains("is read inside the subgraphs of If node", last.LeftWhole, StringComparison.Ordinal);
        foreach (int layer in (int[])[0, 1, 2])
        {
            PrunedGroup group = groups.Single(g => g.Convolutions.Contains($"{Encoder}{layer}/reparam_conv/Conv"));
            Assert.Null(group.LeftWhole);
            Assert.True(group.Kept < group.Channels);
        }
    }

    [Fact]
    public void Each_candidate_is_judged_by_the_speech_agreement_on_every_held_out_frame()
    {
        PruningReport report = _pruned.Result.Report;

        Assert.Equal(_pruned.Recipe.Sparsity.Count, report.Candidates.Count);
        foreach (PrunedCandidate candidate in report.Candidates)
        {
            double agreement = candidate.Fidelity.Single(f => f.Name == "speech/non-speech agreement").Value;
            Assert.Equal(355, candidate.Fidelity.Single(f => f.Name == "frames").Value);
            Assert.Equal(agreement < 99, candidate.Rejections.Any(r => r.StartsWith("speech/non-speech agreement", StringComparison.Ordinal)));
        }

        Assert.Equal(report.Accepted, _pruned.Result.Variant is not null);
    }

    [Fact]
    public void A_recipe_that_corrects_the_next_layers_of_the_voice_model_is_an_error_there_being_no_calibration_audio()
    {
        PruningRecipe recipe = PruningRecipe.Parse(
            """{ "model": "silero-vad", "description": "d", "fixedInputs": { "sr": 16000 }, "sparsity": 0.25, "fidelity": [ { "figure": "speech/non-speech agreement", "atLeast": 99 } ] }"""u8,
            "vad.prune.json");
        var pruning = new ModelPruning(TestRuntime.Environment, new CalibrationInputs(Path.Combine(RepoPaths.Root, "models", "sample-media")));
        ModelCatalog catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));

        var error = Assert.Throws<Recipes.QuantizationRecipeException>(() => pruning.Run(new PruningRequest
        {
            Model = catalog.Find("silero-vad"),
            Recipe = recipe,
            RecipeDisplayPath = "vad.prune.json",
            Fp32Path = _pruned.Fp32Path,
            Now = DateTimeOffset.UnixEpoch,
        }));

        Assert.StartsWith("vad.prune.json: model 'silero-vad' is a voice activity model, whose sample audio is all held out", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("set 'biasCorrection', 'reconstruction' and 'sequential' to false", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The silero-vad pruning recipe run once on the built catalog (built here when the cache lacks it).</summary>
    public sealed class Pruned
    {
        public Pruned()
        {
            ModelCatalog catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
            var store = new ModelStoreBuilder(Path.Combine(RepoPaths.Cache, "models"), Path.Combine(RepoPaths.Cache, "npm"));
            store.Build(catalog);
            Fp32Path = store.ModelPath("silero-vad");
            Recipe = PruningRecipe.Load(Path.Combine(RepoPaths.Root, "quantization", "silero-vad.prune.json"));
            string sampleMedia = Path.Combine(RepoPaths.Root, "models", "sample-media");
            var pruning = new ModelPruning(TestRuntime.Environment, new CalibrationInputs(sampleMedia))
            {
                Audio = new AudioInputs(sampleMedia),
                TimingBudget = TimeSpan.FromMilliseconds(100),
                ProfiledRuns = 2,
            };
            Result = pruning.Run(new PruningRequest
            {
                Model = catalog.Find("silero-vad"),
                Recipe = Recipe,
                RecipeDisplayPath = "quantization/silero-vad.prune.json",
                Fp32Path = Fp32Path,
                Now = DateTimeOffset.UnixEpoch,
            });
        }

        public string Fp32Path { get; }

        public PruningRecipe Recipe { get; }

        public PruningResult Result { get; }
    }
}
