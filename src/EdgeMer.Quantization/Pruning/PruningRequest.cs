using EdgeMer.Models.Catalog;

namespace EdgeMer.Quantization.Pruning;

/// <summary>One model to prune: its description, its pruning recipe and the fp32 file to read.</summary>
public sealed class PruningRequest
{
    public required ModelDescription Model { get; init; }

    public required PruningRecipe Recipe { get; init; }

    /// <summary>The recipe's path as the report names it (relative to the repository).</summary>
    public required string RecipeDisplayPath { get; init; }

    public required string Fp32Path { get; init; }

    public required DateTimeOffset Now { get; init; }
}
