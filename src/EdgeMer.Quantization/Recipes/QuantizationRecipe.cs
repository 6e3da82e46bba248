using System.Globalization;
using System.Text.Json;
using EdgeMer.Quantization.Calibration;

namespace EdgeMer.Quantization.Recipes;

/// <summary>
/// A model's quantization recipe, <c>quantization/&lt;model&gt;.json</c>: which operators become
/// INT8, which nodes or operators stay float and why, and how activations are calibrated. Every
/// key is checked; an unknown key, a wrong type or a value outside the allowed set is an error
/// naming the file and the key.
/// </summary>
public sealed class QuantizationRecipe
{
    /// <summary>
    /// The operators static quantization turns into INT8 kernels: Conv, Gemm and MatMul with constant
    /// weights, and Add (both inputs and the output quantized, so a residual block stays in integers).
    /// </summary>
    public static IReadOnlyList<string> QuantizableOps { get; } = ["Conv", "Gemm", "MatMul", "Add"];

    /// <summary>The operator names a <c>keepFloat</c> entry may use: the quantizable ones and <c>DepthwiseConv</c>.</summary>
    public static IReadOnlyList<string> FloatRuleOps { get; } = ["Conv", "DepthwiseConv", "Gemm", "MatMul", "Add", "LSTM"];

    private static readonly string[] s_keys = ["model", "description", "mode", "ops", "calibration", "keepFloat"];

    /// <summary>The operators dynamic quantization rewrites into integer kernels (no Add: its inputs have no constant side to quantize ahead).</summary>
    public static IReadOnlyList<string> DynamicOps { get; } = ["Conv", "Gemm", "MatMul", "LSTM"];

    private static readonly string[] s_calibrationKeys = ["method", "percentile", "compare"];

    private static readonly string[] s_ruleKeys = ["node", "op", "reason"];

    public required string Model { get; init; }

    public required string Description { get; init; }

    /// <summary>
    /// <c>static</c> (the default): QDQ with activation ranges calibrated on the sample media;
    /// <c>dynamic</c>: INT8 weights, activations quantized at run time, nothing calibrated.
    /// </summary>
    public QuantizationMode Mode { get; init; } = QuantizationMode.Static;

    /// <summary>The operators to quantize (a subset of <see cref="QuantizableOps"/>).</summary>
    public required IReadOnlyList<string> Ops { get; init; }

    public required CalibrationMethod Method { get; init; }

    /// <summary>The percentile calibrator's share of magnitudes to keep unclipped, in percent.</summary>
    public required double Percentile { get; init; }

    /// <summary>Whether the report also builds and measures the other calibrators' variants for comparison.</summary>
    public required bool Compare { get; init; }

    public required IReadOnlyList<FloatRule> KeepFloat { get; init; }

    /// <summary>Where the recipe was read from (for errors and the report).</summary>
    public required string Source { get; init; }

    public static QuantizationRecipe Load(string path) => Parse(RecipeJson.ReadFile(path, "recipe"), path);

    public static QuantizationRecipe Parse(ReadOnlySpan<byte> json, string source)
    {
        using (JsonDocument document = RecipeJson.Parse(json, source))
        {
            JsonElement root = document.RootElement;
            RecipeJson.Expect(root, JsonValueKind.Object, source, "(root)");
            RecipeJson.CheckKeys(root, s_keys, source, "");
            string model = RecipeJson.RequiredString(root, "model", source, "");
            string description = RecipeJson.RequiredString(root, "description", source, "");
            QuantizationMode mode = ReadMode(root, source);
            List<string> ops = ReadOps(root, source, mode == QuantizationMode.Dynamic ? DynamicOps : QuantizableOps);
            (CalibrationMethod method, double percentile, bool compare) = mode == QuantizationMode.Dynamic ? NoCalibration(root, source) : ReadCalibration(root, source);
            List<FloatRule> rules = ReadRules(root, source);
            return new QuantizationRecipe
            {
                Model = model,
                Description = description,
                Mode = mode,
                Ops = ops,
                Method = method,
                Percentile = percentile,
                Compare = compare,
                KeepFloat = rules,
                Source = source,
            };
        }
    }

    private static QuantizationMode ReadMode(JsonElement root, string source)
    {
        string mode = RecipeJson.OptionalString(root, "mode", source, "") ?? "static";
        return mode switch
        {
            "static" => QuantizationMode.Static,
            "dynamic" => QuantizationMode.Dynamic,
            _ => throw new QuantizationRecipeException($"{source}: 'mode' is '{mode}'; allowed: static, dynamic"),
        };
    }

    /// <summary>A dynamic recipe calibrates nothing: each call's DynamicQuantizeLinear takes the min and max of its own input.</summary>
    private static (CalibrationMethod Method, double Percentile, bool Compare) NoCalibration(JsonElement root, string source)
    {
        if (root.TryGetProperty("calibration", out _))
        {
            throw new QuantizationRecipeException($"{source}: 'calibration' does not apply with \"mode\": \"dynamic\" (activations are quantized at run time from each call's own range); remove it");
        }

        return (CalibrationMethod.MinMax, 100, false);
    }

    private static List<string> ReadOps(JsonElement root, string source, IReadOnlyList<string> allowed)
    {
        if (!root.TryGetProperty("ops", out JsonElement element))
        {
            throw new QuantizationRecipeException($"{source}: 'ops' is missing; list the operators to quantize from {string.Join(", ", QuantizableOps)}");
        }

        RecipeJson.Expect(element, JsonValueKind.Array, source, "ops");
        var ops = new List<string>();
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string key = $"ops[{index++}]";
            RecipeJson.Expect(item, JsonValueKind.String, source, key);
            string op = item.GetString()!;
            if (!allowed.Contains(op))
            {
                throw new QuantizationRecipeException($"{source}: {key} is '{op}'; allowed: {string.Join(", ", allowed)}");
            }

            if (ops.Contains(op))
            {
                throw new QuantizationRecipeException($"{source}: {key} lists '{op}' twice");
            }

            ops.Add(op);
        }

        if (ops.Count == 0)
        {
            throw new QuantizationRecipeException($"{source}: 'ops' is empty; list the operators to quantize from {string.Join(", ", QuantizableOps)}");
        }

        return ops;
    }

    private static (CalibrationMethod Method, double Percentile, bool Compare) ReadCalibration(JsonElement root, string source)
    {
        if (!root.TryGetProperty("calibration", out JsonElement element))
        {
            throw new QuantizationRecipeException($"{source}: 'calibration' is missing");
        }

        RecipeJson.Expect(element, JsonValueKind.Object, source, "calibration");
        RecipeJson.CheckKeys(element, s_calibrationKeys, source, "calibration.");
        string name = RecipeJson.RequiredString(element, "method", source, "calibration.");
        if (!CalibrationMethods.TryParse(name, out CalibrationMethod method))
        {
            throw new QuantizationRecipeException($"{source}: calibration.method is '{name}'; allowed: {string.Join(", ", CalibrationMethods.Names)}");
        }

        double percentile = 99.99;
        if (element.TryGetProperty("percentile", out JsonElement value))
        {
            RecipeJson.Expect(value, JsonValueKind.Number, source, "calibration.percentile");
            percentile = value.GetDouble();
            if (!(percentile >= 90 && percentile <= 100))
            {
                throw new QuantizationRecipeException(string.Create(CultureInfo.InvariantCulture, $"{source}: calibration.percentile is {percentile}; allowed: 90 to 100"));
            }
        }

        bool compare = false;
        if (element.TryGetProperty("compare", out JsonElement compareElement))
        {
            if (compareElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new QuantizationRecipeException($"{source}: calibration.compare must be true or false");
            }

            compare = compareElement.GetBoolean();
        }

        return (method, percentile, compare);
    }

    private static List<FloatRule> ReadRules(JsonElement root, string source)
    {
        var rules = new List<FloatRule>();
        if (!root.TryGetProperty("keepFloat", out JsonElement element))
        {
            return rules;
        }

        RecipeJson.Expect(element, JsonValueKind.Array, source, "keepFloat");
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string prefix = $"keepFloat[{index++}]";
            RecipeJson.Expect(item, JsonValueKind.Object, source, prefix);
            RecipeJson.CheckKeys(item, s_ruleKeys, source, prefix + ".");
            string? node = RecipeJson.OptionalString(item, "node", source, prefix + ".");
            string? op = RecipeJson.OptionalString(item, "op", source, prefix + ".");
            if ((node is null) == (op is null))
            {
                throw new QuantizationRecipeException($"{source}: {prefix} names neither or both of 'node' and 'op'; give exactly one");
            }

            if (op is not null && !FloatRuleOps.Contains(op))
            {
                throw new QuantizationRecipeException($"{source}: {prefix}.op is '{op}'; allowed: {string.Join(", ", FloatRuleOps)}");
            }

            string reason = RecipeJson.RequiredString(item, "reason", source, prefix + ".");
            rules.Add(new FloatRule(node, op, reason));
        }

        return rules;
    }
}
