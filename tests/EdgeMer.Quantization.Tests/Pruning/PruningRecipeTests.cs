using System.Text;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Pruning;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Tests.Pruning;

/// <summary>
/// A pruning recipe that is malformed, or that names a node the model does not have or one whose
/// channels cannot be pruned, is an error naming the recipe, the key or node, and the reason.
/// </summary>
public sealed class PruningRecipeTests
{
    private const string Bound = "\"fidelity\": [ { \"figure\": \"top-1 agreement\", \"atLeast\": 99 } ]";

    [Fact]
    public void A_complete_recipe_is_read_with_its_candidates_layers_and_bounds()
    {
        PruningRecipe recipe = Parse($$"""
            { "model": "chain", "description": "d", "sparsity": [0.25, 0.5], "maxLayerSparsity": 0.4, "channelMultiple": 8,
              "biasCorrection": false, "layers": [ { "node": "conv1", "sparsity": 0.1 } ],
              "keep": [ { "node": "conv2", "reason": "r" } ], {{Bound}} }
            """);

        Assert.Equal([0.25, 0.5], recipe.Sparsity);
        Assert.Equal(0.4, recipe.MaxLayerSparsity);
        Assert.Equal(8, recipe.ChannelMultiple);
        Assert.False(recipe.BiasCorrection);
        Assert.Equal(0.1, recipe.Layers["conv1"]);
        Assert.Equal(("conv2", "r"), Assert.Single(recipe.Keep));
        Assert.Equal(new FidelityBound("top-1 agreement", 99, AtLeast: true), Assert.Single(recipe.Fidelity));
    }

    [Fact]
    public void A_recipe_fixes_inputs_by_name_and_value()
    {
        PruningRecipe recipe = Parse($$"""{ "model": "chain", "description": "d", "sparsity": 0.5, "fixedInputs": { "sr": 16000 }, {{Bound}} }""");

        Assert.Equal(16000, recipe.FixedInputs["sr"]);
        Assert.Empty(Parse($$"""{ "model": "chain", "description": "d", "sparsity": 0.5, {{Bound}} }""").FixedInputs);
    }

    [Theory]
    [InlineData("\"sparsity\": 0.5, \"speed\": 2", "unknown key 'speed'")]
    [InlineData("\"sparsity\": 1.5", "'sparsity' is 1.5; allowed: a share of channels above 0 and below 1")]
    [InlineData("\"sparsity\": []", "'sparsity' is empty")]
    [InlineData("\"sparsity\": \"half\"", "'sparsity' must be a number, not a string")]
    [InlineData("\"sparsity\": 0.5, \"channelMultiple\": 0", "'channelMultiple' is 0; allowed: a whole number from 1 to 64")]
    [InlineData("\"sparsity\": 0.5, \"keep\": [ { \"node\": \"conv1\" } ]", "'keep[0].reason' is missing")]
    [InlineData("\"sparsity\": 0.5, \"sequential\": \"yes\"", "'sequential' must be true or false")]
    [InlineData("\"sparsity\": 0.5, \"layers\": [ { \"node\": \"conv1\", \"sparsity\": 0.2, \"cap\": 1 } ]", "unknown key 'layers[0].cap'")]
    [InlineData("\"sparsity\": 0.5, \"fixedInputs\": [16000]", "'fixedInputs' must be an object")]
    [InlineData("\"sparsity\": 0.5, \"fixedInputs\": { \"sr\": \"16k\" }", "'fixedInputs.sr' must be a number, not a string")]
    [InlineData("\"sparsity\": 0.5, \"fixedInputs\": {}", "'fixedInputs' is empty")]
    public void A_malformed_recipe_is_an_error_naming_the_key(string body, string expected)
    {
        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => Parse($$"""{ "model": "chain", "description": "d", {{body}}, {{Bound}} }"""));

        Assert.Contains("test.prune.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_recipe_without_fidelity_bounds_is_an_error()
    {
        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => Parse("""{ "model": "chain", "description": "d", "sparsity": 0.5 }"""));

        Assert.Contains("'fidelity' is missing", error.Message);
    }

    [Fact]
    public void A_bound_with_both_at_least_and_at_most_is_an_error()
    {
        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => Parse("""
            { "model": "chain", "description": "d", "sparsity": 0.5, "fidelity": [ { "figure": "f", "atLeast": 1, "atMost": 2 } ] }
            """));

        Assert.Contains("fidelity[0] gives neither or both of 'atLeast' and 'atMost'", error.Message);
    }

    [Fact]
    public void A_recipe_naming_a_node_the_model_lacks_is_an_error_naming_it()
    {
        PruningRecipe recipe = Parse($$"""{ "model": "chain", "description": "d", "sparsity": 0.5, "keep": [ { "node": "conv9", "reason": "r" } ], {{Bound}} }""");

        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => ModelPruning.KeptByRecipe(ChannelGroups.Analyze(PruningModels.Chain()), recipe));

        Assert.Contains("keep names node 'conv9', which model 'chain' does not have", error.Message);
    }

    [Fact]
    public void A_recipe_naming_a_depthwise_convolution_is_an_error_saying_its_channels_follow_its_input()
    {
        PruningRecipe recipe = Parse($$"""{ "model": "depthwise_separable", "description": "d", "sparsity": 0.5, "layers": [ { "node": "depthwise", "sparsity": 0.5 } ], {{Bound}} }""");

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => ModelPruning.KeptByRecipe(ChannelGroups.Analyze(PruningModels.DepthwiseSeparable()), recipe));

        Assert.Contains("Conv node 'depthwise', which writes no prunable channels", error.Message);
        Assert.Contains("a depthwise convolution's channels follow its input's group", error.Message);
    }

    [Fact]
    public void A_recipe_pruning_channels_that_reach_an_unfollowed_operator_is_an_error_naming_both_nodes()
    {
        PruningRecipe recipe = Parse($$"""{ "model": "conv_reshape", "description": "d", "sparsity": 0.5, "layers": [ { "node": "conv1", "sparsity": 0.5 } ], {{Bound}} }""");

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => ModelPruning.KeptByRecipe(ChannelGroups.Analyze(PruningModels.ConvThenReshape()), recipe));

        Assert.Contains("Conv node 'conv1', whose channels cannot be pruned", error.Message);
        Assert.Contains("is read by Reshape node 'flatten', which pruning does not follow", error.Message);
    }

    [Fact]
    public void A_bound_on_a_figure_the_task_does_not_measure_is_an_error_listing_the_figures()
    {
        PruningRecipe recipe = Parse("""{ "model": "chain", "description": "d", "sparsity": 0.5, "fidelity": [ { "figure": "top-5 agreement", "atLeast": 99 } ] }""");
        FidelityFigure[] measured = [new("top-1 agreement", 100, "%", 99, AtLeast: true), new("mean KL(fp32 || int8)", 0, "nats", null, AtLeast: false)];

        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => ModelPruning.CheckBounds(recipe, measured));

        Assert.Contains("figure 'top-5 agreement'", error.Message);
        Assert.Contains("top-1 agreement, mean KL(fp32 || int8)", error.Message);
    }

    private static PruningRecipe Parse(string json) => PruningRecipe.Parse(Encoding.UTF8.GetBytes(json), "test.prune.json");
}
