using EdgeMer.Models.Catalog;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization;

/// <summary>One model to quantize: its description, its recipe and the fp32 file to read.</summary>
public sealed class QuantizationRequest
{
    public required ModelDescription Model { get; init; }

    public required QuantizationRecipe Recipe { get; init; }

    /// <summary>The recipe's path as the report names it (relative to the repository).</summary>
    public required string RecipeDisplayPath { get; init; }

    public required string Fp32Path { get; init; }

    public required DateTimeOffset Now { get; init; }
}
