using System.Text;

namespace EdgeMer.Inference;

// Shapes in error messages: "[1, 16]", and for model metadata "[batch, 16]" ("?" for an unnamed dynamic dimension).
internal static class TensorShapes
{
    public static string Format(ReadOnlySpan<long> shape)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(shape[i]);
        }

        return text.Append(']').ToString();
    }

    public static string Format(IReadOnlyList<long> shape, IReadOnlyList<string> symbols)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < shape.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ");
            if (shape[i] >= 0)
            {
                text.Append(shape[i]);
            }
            else
            {
                text.Append(symbols[i].Length > 0 ? symbols[i] : "?");
            }
        }

        return text.Append(']').ToString();
    }

    // The element count of a concrete shape; throws for a negative dimension or an overflow.
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension; a tensor's dimensions must be 0 or more", nameof(shape));
            }

            count = checked(count * dimension);
        }

        return count;
    }
}
