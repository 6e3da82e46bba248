using System.Globalization;
using System.Text.Json;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// A model's pruning recipe, <c>quantization/&lt;model&gt;.prune.json</c>: the share of channels to
/// remove from every prunable group (one or more candidates, each built and measured; the fastest
/// that keeps the fidelity bounds is written), a cap per group, groups to leave whole and why,
/// whether to correct the next layer's bias, and the fidelity the variant must keep. Every key is
/// checked; an unknown key, a wrong type or a value outside the allowed range is an error naming
/// the file and the key.
/// </summary>
public sealed class PruningRecipe
{
    private static readonly string[] s_keys = ["model", "description", "sparsity", "maxLayerSparsity", "channelMultiple", "biasCorrection", "reconstruction", "sequential", "layers", "keep", "fidelity", "fixedInputs"];

    private static readonly string[] s_layerKeys = ["node", "sparsity"];

    private static readonly string[] s_keepKeys = ["node", "reason"];

    private static readonly string[] s_boundKeys = ["figure", "atLeast", "atMost"];

    public required string Model { get; init; }

    public required string Description { get; init; }

    /// <summary>The candidate shares of channels to remove from each prunable group, 0 to 1 (exclusive), in the recipe's order.</summary>
    public required IReadOnlyList<double> Sparsity { get; init; }

    /// <summary>The most any one group may lose, whatever <see cref="Sparsity"/> or a layer override says.</summary>
    public required double MaxLayerSparsity { get; init; }

    /// <summary>The kept channel count of a pruned group is rounded up to a multiple of this (the CPU kernels' channel blocks).</summary>
    public required int ChannelMultiple { get; init; }

    public required bool BiasCorrection { get; init; }

    /// <summary>Whether the removed channels are reconstructed from the kept ones by least squares on the calibration inputs and folded into the next dense convolution (weights and bias) instead of their means only.</summary>
    public required bool Reconstruction { get; init; }

    /// <summary>Whether the convolutions that lose input channels are corrected one after another on the model as pruned so far (least squares against the fp32 model's inputs), instead of each from the fp32 model's statistics alone.</summary>
    public required bool Sequential { get; init; }

    /// <summary>Per convolution (any member of a group), a share that replaces every candidate of <see cref="Sparsity"/> for its group.</summary>
    public required IReadOnlyDictionary<string, double> Layers { get; init; }

    /// <summary>Convolutions whose groups stay whole, with the reason.</summary>
    public required IReadOnlyList<(string Node, string Reason)> Keep { get; init; }

    public required IReadOnlyList<FidelityBound> Fidelity { get; init; }

    /// <summary>
    /// Inputs given one value for the pruned variant (<c>"fixedInputs": {"sr": 16000}</c>): each If
    /// whose condition becomes constant from them is folded into the branch it takes before the
    /// channels are analysed (<see cref="Graph.FixedInputFolding"/>); the inputs stay inputs.
    /// </summary>
    public IReadOnlyDictionary<string, double> FixedInputs { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    public required string Source { get; init; }

    public static PruningRecipe Load(string path) => Parse(RecipeJson.ReadFile(path, "pruning recipe"), path);

    public static PruningRecipe Parse(ReadOnlySpan<byte> json, string source)
    {
        using (JsonDocument document = RecipeJson.Parse(json, source))
        {
            JsonElement root = document.RootElement;
            RecipeJson.Expect(root, JsonValueKind.Object, source, "(root)");
            RecipeJson.CheckKeys(root, s_keys, source, "");
            var sparsity = new List<double>();
            if (!root.TryGetProperty("sparsity", out JsonElement sparsityElement))
            {
                throw new QuantizationRecipeException($"{source}: 'sparsity' is missing; give the share of channels to remove (0 to 1) or a list of shares to try");
            }

            if (sparsityElement.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (JsonElement item in sparsityElement.EnumerateArray())
                {
                    sparsity.Add(Share(item, source, $"sparsity[{index++}]"));
                }

                if (sparsity.Count == 0)
                {
                    throw new QuantizationRecipeException($"{source}: 'sparsity' is empty; give at least one share of channels to remove");
                }
            }
            else
            {
                sparsity.Add(Share(sparsityElement, source, "sparsity"));
            }

            double cap = root.TryGetProperty("maxLayerSparsity", out JsonElement capElement) ? Share(capElement, source, "maxLayerSparsity") : 0.9;
            int multiple = 1;
            if (root.TryGetProperty("channelMultiple", out JsonElement multipleElement))
            {
                RecipeJson.Expect(multipleElement, JsonValueKind.Number, source, "channelMultiple");
                if (!multipleElement.TryGetInt32(out multiple) || multiple < 1 || multiple > 64)
                {
                    throw new QuantizationRecipeException($"{source}: 'channelMultiple' is {multipleElement.GetRawText()}; allowed: a whole number from 1 to 64");
                }
            }

            bool biasCorrection = true;
            if (root.TryGetProperty("biasCorrection", out JsonElement biasElement))
            {
                if (biasElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new QuantizationRecipeException($"{source}: 'biasCorrection' must be true or false");
                }

                biasCorrection = biasElement.GetBoolean();
            }

            bool reconstruction = Flag(root, "reconstruction", source);
            bool sequential = Flag(root, "sequential", source);

            return new PruningRecipe
            {
                Model = RecipeJson.RequiredString(root, "model", source, ""),
                Description = RecipeJson.RequiredString(root, "description", source, ""),
                Sparsity = sparsity,
                MaxLayerSparsity = cap,
                ChannelMultiple = multiple,
                BiasCorrection = biasCorrection,
                Reconstruction = reconstruction,
                Sequential = sequential,
                Layers = ReadLayers(root, source),
                Keep = ReadKeep(root, source),
                Fidelity = ReadBounds(root, source),
                FixedInputs = ReadFixedInputs(root, source),
                Source = source,
            };
        }
    }

    private static bool Flag(JsonElement root, string key, string source)
    {
        if (!root.TryGetProperty(key, out JsonElement element))
        {
            return false;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new QuantizationRecipeException($"{source}: '{key}' must be true or false");
        }

        return element.GetBoolean();
    }

    private static Dictionary<string, double> ReadLayers(JsonElement root, string source)
    {
        var layers = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!root.TryGetProperty("layers", out JsonElement element))
        {
            return layers;
        }

        RecipeJson.Expect(element, JsonValueKind.Array, source, "layers");
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string prefix = $"layers[{index++}]";
            RecipeJson.Expect(item, JsonValueKind.Object, source, prefix);
            RecipeJson.CheckKeys(item, s_layerKeys, source, prefix + ".");
            string node = RecipeJson.RequiredString(item, "node", source, prefix + ".");
            if (!item.TryGetProperty("sparsity", out JsonElement share))
            {
                throw new QuantizationRecipeException($"{source}: '{prefix}.sparsity' is missing");
            }

            if (!layers.TryAdd(node, Share(share, source, prefix + ".sparsity", allowZero: true)))
            {
                throw new QuantizationRecipeException($"{source}: {prefix} names node '{node}' a second time");
            }
        }

        return layers;
    }

    private static Dictionary<string, double> ReadFixedInputs(JsonElement root, string source)
    {
        var inputs = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!root.TryGetProperty("fixedInputs", out JsonElement element))
        {
            return inputs;
        }

        RecipeJson.Expect(element, JsonValueKind.Object, source, "fixedInputs");
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Name.Length == 0)
            {
                throw new QuantizationRecipeException($"{source}: 'fixedInputs' names an input with an empty name");
            }

            RecipeJson.Expect(property.Value, JsonValueKind.Number, source, "fixedInputs." + property.Name);

            if (!inputs.TryAdd(property.Name, property.Value.GetDouble()))
            {
                throw new QuantizationRecipeException($"{source}: 'fixedInputs' names input '{property.Name}' a second time");
            }
        }

        if (inputs.Count == 0)
        {
            throw new QuantizationRecipeException($"{source}: 'fixedInputs' is empty; name at least one input and its value, or leave the key out");
        }

        return inputs;
    }

    private static List<(string, string)> ReadKeep(JsonElement root, string source)
    {
        var keep = new List<(string, string)>();
        if (!root.TryGetProperty("keep", out JsonElement element))
        {
            return keep;
        }

        RecipeJson.Expect(element, JsonValueKind.Array, source, "keep");
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string prefix = $"keep[{index++}]";
            RecipeJson.Expect(item, JsonValueKind.Object, source, prefix);
            RecipeJson.CheckKeys(item, s_keepKeys, source, prefix + ".");
            keep.Add((RecipeJson.RequiredString(item, "node", source, prefix + "."), RecipeJson.RequiredString(item, "reason", source, prefix + ".")));
        }

        return keep;
    }

    private static List<FidelityBound> ReadBounds(JsonElement root, string source)
    {
        if (!root.TryGetProperty("fidelity", out JsonElement element))
        {
            throw new QuantizationRecipeException($"{source}: 'fidelity' is missing; give at least one bound a pruned variant must keep, e.g. {{ \"figure\": \"top-1 agreement\", \"atLeast\": 99 }}");
        }

        RecipeJson.Expect(element, JsonValueKind.Array, source, "fidelity");
        var bounds = new List<FidelityBound>();
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string prefix = $"fidelity[{index++}]";
            RecipeJson.Expect(item, JsonValueKind.Object, source, prefix);
            RecipeJson.CheckKeys(item, s_boundKeys, source, prefix + ".");
            string figure = RecipeJson.RequiredString(item, "figure", source, prefix + ".");
            bool atLeast = item.TryGetProperty("atLeast", out JsonElement least);
            bool atMost = item.TryGetProperty("atMost", out JsonElement most);
            if (atLeast == atMost)
            {
                throw new QuantizationRecipeException($"{source}: {prefix} gives neither or both of 'atLeast' and 'atMost'; give exactly one");
            }

            JsonElement value = atLeast ? least : most;
            RecipeJson.Expect(value, JsonValueKind.Number, source, prefix + (atLeast ? ".atLeast" : ".atMost"));
            bounds.Add(new FidelityBound(figure, value.GetDouble(), atLeast));
        }

        if (bounds.Count == 0)
        {
            throw new QuantizationRecipeException($"{source}: 'fidelity' is empty; give at least one bound a pruned variant must keep");
        }

        return bounds;
    }

    private static double Share(JsonElement element, string source, string key, bool allowZero = false)
    {
        RecipeJson.Expect(element, JsonValueKind.Number, source, key);
        double value = element.GetDouble();
        if (!(value >= 0 && value < 1) || (!allowZero && value == 0))
        {
            throw new QuantizationRecipeException(string.Create(CultureInfo.InvariantCulture, $"{source}: '{key}' is {value}; allowed: a share of channels {(allowZero ? "from 0" : "above 0")} and below 1"));
        }

        return value;
    }
}

/// <summary>A fidelity figure (by the name the report gives it, e.g. <c>top-1 agreement</c>) and the bound a pruned variant must keep.</summary>
public sealed record FidelityBound(string Figure, double Value, bool AtLeast)
{
    public bool Holds(double measured) => AtLeast ? measured >= Value : measured <= Value;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Figure} {(AtLeast ? "at least" : "at most")} {Value:0.###}");
}
