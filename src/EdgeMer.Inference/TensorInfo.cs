using EdgeMer.Platform;

namespace EdgeMer.Inference;

/// <summary>One input or output of a model: its name, element type and shape.</summary>
/// <param name="Name">The name the model gives it.</param>
/// <param name="ElementType">The element type; <see cref="TensorElementType.Undefined"/> when it is not a tensor.</param>
/// <param name="Shape">The dimensions; -1 marks a dynamic dimension.</param>
/// <param name="SymbolicDimensions">For each dimension, its symbolic name (for example "batch"), or "" when it has none.</param>
/// <param name="IsTensor">False for sequences, maps and other non-tensor values, which EdgeMer does not bind.</param>
public sealed record TensorInfo(
    string Name,
    TensorElementType ElementType,
    IReadOnlyList<long> Shape,
    IReadOnlyList<string> SymbolicDimensions,
    bool IsTensor)
{
    /// <summary>The shape for people: fixed sizes as numbers, dynamic ones by symbolic name or "?".</summary>
    public string DescribeShape() => TensorShapes.Format(Shape, SymbolicDimensions);

    /// <summary>Whether a tensor of <paramref name="shape"/> fits: same rank, and every fixed dimension equal.</summary>
    public bool Accepts(ReadOnlySpan<long> shape)
    {
        if (shape.Length != Shape.Count)
        {
            return false;
        }

        for (int i = 0; i < shape.Length; i++)
        {
            if (Shape[i] >= 0 && Shape[i] != shape[i])
            {
                return false;
            }
        }

        return true;
    }
}
