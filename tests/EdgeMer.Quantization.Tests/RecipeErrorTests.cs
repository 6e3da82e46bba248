using System.Text;
using EdgeMer.Onnx;
using EdgeMer.Platform;
using EdgeMer.Quantization.Calibration;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Tests;

/// <summary>Malformed recipes and graphs the quantizer cannot handle: each error names the key or node and the reason.</summary>
public sealed class RecipeErrorTests
{
    private const string Valid = """
        { "model": "emotion", "description": "d", "ops": ["Conv"],
          "calibration": { "method": "percentile", "percentile": 99.9 },
          "keepFloat": [ { "op": "DepthwiseConv", "reason": "slower in INT8" } ] }
        """;

    [Fact]
    public void A_valid_recipe_reads_into_its_settings()
    {
        QuantizationRecipe recipe = Parse(Valid);

        Assert.Equal("emotion", recipe.Model);
        Assert.Equal(["Conv"], recipe.Ops);
        Assert.Equal(CalibrationMethod.Percentile, recipe.Method);
        Assert.Equal(99.9, recipe.Percentile);
        Assert.Equal(new FloatRule(null, "DepthwiseConv", "slower in INT8"), Assert.Single(recipe.KeepFloat));
    }

    [Theory]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax" }, "extra": 1 }""", "unknown key 'extra'")]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax", "bins": 3 } }""", "unknown key 'calibration.bins'")]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Conv"], "calibration": { "method": "kl" } }""", "calibration.method is 'kl'; allowed: minmax, percentile, entropy")]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Softmax"], "calibration": { "method": "minmax" } }""", "ops[0] is 'Softmax'; allowed: Conv, Gemm, MatMul, Add")]
    [InlineData("""{ "model": "m", "description": "d", "ops": [], "calibration": { "method": "minmax" } }""", "'ops' is empty")]
    [InlineData("""{ "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax" } }""", "'model' is missing")]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Conv"], "calibration": { "method": "percentile", "percentile": 50 } }""", "calibration.percentile is 50; allowed: 90 to 100")]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax" }, "keepFloat": [ { "node": "a", "op": "Conv", "reason": "r" } ] }""", "keepFloat[0] names neither or both of 'node' and 'op'")]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax" }, "keepFloat": [ { "node": "a" } ] }""", "'keepFloat[0].reason' is missing")]
    [InlineData("""{ "model": "m", "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax" }, "keepFloat": [ { "op": "Relu", "reason": "r" } ] }""", "keepFloat[0].op is 'Relu'")]
    [InlineData("""{ "model": 3, "description": "d", "ops": ["Conv"], "calibration": { "method": "minmax" } }""", "'model' must be a string, not a number")]
    [InlineData("""{ "model": "m", """, "not valid JSON")]
    public void A_malformed_recipe_is_refused_naming_the_key(string json, string expected)
    {
        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => Parse(json));

        Assert.Contains("recipe.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipe_that_keeps_a_missing_node_float_names_it()
    {
        QuantizationRecipe recipe = TinyModels.Recipe("conv_relu", "\"Conv\"", """{ "node": "conv_9", "reason": "r" }""");

        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => QuantizationPlan.For(TinyModels.ConvRelu(), recipe));

        Assert.Contains("keepFloat[0].node 'conv_9' is not a node of model 'conv_relu'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipe_that_keeps_a_node_float_that_is_never_quantized_says_so()
    {
        QuantizationRecipe recipe = TinyModels.Recipe("conv_relu", "\"Conv\"", """{ "node": "relu", "reason": "r" }""");

        QuantizationRecipeException error = Assert.Throws<QuantizationRecipeException>(() => QuantizationPlan.For(TinyModels.ConvRelu(), recipe));

        Assert.Contains("'relu' is a Relu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Depthwise_convolutions_can_be_kept_float_as_a_kind()
    {
        QuantizationRecipe recipe = TinyModels.Recipe("depthwise_dense", "\"Conv\"", """{ "op": "DepthwiseConv", "reason": "no gain" }""");

        QuantizationPlan plan = QuantizationPlan.For(TinyModels.DepthwiseThenDense(), recipe);

        Assert.Equal(new FloatNode("depthwise", "DepthwiseConv", "no gain"), Assert.Single(plan.KeptFloat));
        Assert.Equal("pointwise", Assert.Single(plan.Quantized).Name);
    }

    [Fact]
    public void A_convolution_with_computed_weights_is_refused_naming_the_node_and_why()
    {
        var model = new OnnxModel("computed");
        model.Graph.AddInput("x", TensorElementType.Float, [1, 1, 2, 2]);
        model.Graph.AddInput("w", TensorElementType.Float, [1, 1, 1, 1]);
        model.Graph.AddNode("Conv", ["x", "w"], ["y"], "conv_with_input_weights");
        model.Graph.AddOutput("y", TensorElementType.Float, [1, 1, 2, 2]);

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => QuantizationPlan.For(model, TinyModels.Recipe("computed", "\"Conv\"")));

        Assert.Contains("node 'conv_with_input_weights' (Conv): weight 'w' is not a constant initializer (it is a graph input)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_that_is_not_finite_is_refused_naming_the_node()
    {
        OnnxModel model = TinyModels.ConvRelu();
        model.Graph.RemoveInitializer("w");
        model.Graph.AddInitializer(OnnxTensors.FromFloats("w", [0.5f, float.NaN, 2.54f, 1.0f], [2, 2, 1, 1]));
        QuantizationPlan plan = QuantizationPlan.For(model, TinyModels.Recipe("conv_relu", "\"Conv\""));
        var unit = new QuantizationParameters(0.01f, 0);

        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() =>
            QdqQuantizer.Quantize(model, plan, new Dictionary<string, QuantizationParameters> { ["x"] = unit, ["relu_out"] = unit }));

        Assert.Contains("node 'conv' (Conv): weight 'w' cannot be quantized: weight element 1 is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_below_opset_13_is_refused()
    {
        UnsupportedGraphException error = Assert.Throws<UnsupportedGraphException>(() => QuantizationPlan.For(TinyModels.ConvRelu(opset: 11), TinyModels.Recipe("conv_relu", "\"Conv\"")));

        Assert.Contains("opset 11", error.Message, StringComparison.Ordinal);
    }

    private static QuantizationRecipe Parse(string json) => QuantizationRecipe.Parse(Encoding.UTF8.GetBytes(json), "quantization/recipe.json");
}
