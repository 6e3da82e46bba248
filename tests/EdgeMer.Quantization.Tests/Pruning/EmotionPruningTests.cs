using System.Text;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Onnx;
using EdgeMer.Platform;
using EdgeMer.Quantization.Pruning;
using EdgeMer.Quantization.Running;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests.Pruning;

/// <summary>
/// The committed emotion pruning recipe on the real model, with its first candidate only and a short
/// timing (the fast part of the real run; ./build.sh bench runs every recipe in full): the variant
/// is valid for EdgeMer, ONNX Runtime and Debian's onnx checker and does less work than fp32; it is
/// rejected exactly when its measured figures break the recipe's bounds or it is slower; and a
/// recipe whose bound no pruned model can keep is rejected with no variant, the bound named.
/// </summary>
public sealed class EmotionPruningTests : IClassFixture<EmotionPruningTests.Pruned>
{
    private readonly Pruned _pruned;

    public EmotionPruningTests(Pruned pruned)
    {
        _pruned = pruned;
    }

    [Fact]
    public void The_emotion_recipes_first_candidate_does_less_work_and_leaves_the_classifier_convolution_whole()
    {
        PrunedCandidate candidate = Assert.Single(_pruned.Subset.Report.Candidates);

        Assert.True(candidate.Cost.MultiplyAccumulates < _pruned.Subset.Report.Fp32Cost.MultiplyAccumulates);
        Assert.True(candidate.Cost.Parameters < _pruned.Subset.Report.Fp32Cost.Parameters);
        Assert.True(candidate.Bytes < _pruned.Subset.Report.Fp32Bytes);
        Assert.Contains(candidate.Groups, g => g.Kept < g.Channels && g.Kept % _pruned.Recipe.ChannelMultiple == 0);
        PrunedGroup classifier = Assert.Single(candidate.Groups, g => g.Convolutions.Contains("StatefulPartitionedCall/model_1/conv2d_5/BiasAdd"));
        Assert.Contains("ReduceMean node", classifier.LeftWhole);
    }

    [Fact]
    public void A_candidate_is_rejected_exactly_for_the_bounds_its_measured_figures_break()
    {
        PrunedCandidate candidate = Assert.Single(_pruned.Subset.Report.Candidates);

        foreach (FidelityBound bound in _pruned.Recipe.Fidelity)
        {
            double value = candidate.Fidelity.Single(f => f.Name == bound.Figure).Value;
            Assert.Equal(!bound.Holds(value), candidate.Rejections.Any(r => r.StartsWith(bound.Figure + " is ", StringComparison.Ordinal)));
        }

        Assert.Equal(candidate.Latency.SpeedUp <= 1.0, candidate.Rejections.Any(r => r.Contains("slower than fp32", StringComparison.Ordinal)));
        Assert.Equal(candidate.Rejections.Count == 0, _pruned.Subset.Accepted);
    }

    [Fact]
    public void The_pruned_emotion_model_passes_edgemers_validator_and_debians_onnx_checker()
    {
        byte[] bytes = _pruned.Subset.Variant ?? _pruned.SubsetBytes;
        OnnxModel model = OnnxModel.FromBytes(bytes);

        Assert.Empty(model.FindProblems());
        Assert.Equal("pruned", model.FindMetadata("edgemer.variant"));
        ExternalProgramResult check = PruningModels.Check(model);
        Assert.True(check.ExitCode == 0, check.StandardError);
    }

    [Fact]
    public void A_recipe_whose_fidelity_bound_cannot_be_kept_is_rejected_with_the_bound_named()
    {
        Assert.False(_pruned.Impossible.Accepted);
        Assert.Null(_pruned.Impossible.Variant);
        PrunedCandidate candidate = Assert.Single(_pruned.Impossible.Report.Candidates);
        Assert.Contains(candidate.Rejections, r => r.StartsWith("worst probability difference is ", StringComparison.Ordinal) && r.Contains("the recipe allows at most 0", StringComparison.Ordinal));
        Assert.Contains("no pruned variant was written", _pruned.Impossible.Report.RejectionMessage());
        Assert.Contains("**Rejected**", _pruned.Impossible.Report.ToMarkdown());
    }

    /// <summary>The emotion recipe's first candidate, and the same with a bound no pruned model keeps (exactly fp32's probabilities).</summary>
    public sealed class Pruned
    {
        public Pruned()
        {
            ModelCatalog catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
            var store = new ModelStoreBuilder(Path.Combine(RepoPaths.Cache, "models"), Path.Combine(RepoPaths.Cache, "npm"));
            store.Build(catalog);
            PruningRecipe recipe = PruningRecipe.Load(Path.Combine(RepoPaths.Root, "quantization", "emotion.prune.json"));
            Recipe = recipe;
            PruningRecipe subset = With(recipe, recipe.Sparsity[0], recipe.Fidelity);
            PruningRecipe impossible = With(recipe, recipe.Sparsity[0], [new FidelityBound("worst probability difference", 0, AtLeast: false)]);
            var pruning = new ModelPruning(TestRuntime.Environment, new CalibrationInputs(Path.Combine(RepoPaths.Root, "models", "sample-media")))
            {
                TimingBudget = TimeSpan.FromMilliseconds(100),
                ProfiledRuns = 3,
            };
            Subset = pruning.Run(Request(catalog, store, subset));
            Impossible = pruning.Run(Request(catalog, store, impossible));
            SubsetBytes = Rebuild(catalog, store, subset);
        }

        public PruningRecipe Recipe { get; }

        public PruningResult Subset { get; }

        public PruningResult Impossible { get; }

        /// <summary>The subset's variant built again (timing on a loaded machine may reject it as slower; the bytes do not depend on timing).</summary>
        public byte[] SubsetBytes { get; }

        private static PruningRequest Request(ModelCatalog catalog, ModelStoreBuilder store, PruningRecipe recipe) => new()
        {
            Model = catalog.Find("emotion"),
            Recipe = recipe,
            RecipeDisplayPath = "quantization/emotion.prune.json",
            Fp32Path = store.ModelPath("emotion"),
            Now = DateTimeOffset.UnixEpoch,
        };

        private static byte[] Rebuild(ModelCatalog catalog, ModelStoreBuilder store, PruningRecipe recipe)
        {
            OnnxModel source = OnnxModel.FromBytes(File.ReadAllBytes(store.ModelPath("emotion")));
            source.SetMetadata("edgemer.variant", "pruned");
            ChannelGroups analysis = ChannelGroups.Analyze(source);
            (Dictionary<int, bool[]> masks, _) = ModelPruning.Plan(analysis, recipe, ModelPruning.KeptByRecipe(analysis, recipe), recipe.Sparsity[0]);
            return ChannelPruner.Prune(analysis, masks, null).ToBytes();
        }

        private static PruningRecipe With(PruningRecipe recipe, double sparsity, IReadOnlyList<FidelityBound> bounds) => new()
        {
            Model = recipe.Model,
            Description = recipe.Description,
            Sparsity = [sparsity],
            MaxLayerSparsity = recipe.MaxLayerSparsity,
            ChannelMultiple = recipe.ChannelMultiple,
            BiasCorrection = recipe.BiasCorrection,
            Reconstruction = recipe.Reconstruction,
            Sequential = recipe.Sequential,
            Layers = recipe.Layers,
            Keep = recipe.Keep,
            Fidelity = bounds,
            Source = recipe.Source,
        };
    }
}
