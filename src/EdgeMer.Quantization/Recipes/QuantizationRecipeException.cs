namespace EdgeMer.Quantization.Recipes;

/// <summary>A recipe that cannot be applied: malformed, an unknown key, a value outside the allowed set, or a node the model does not have.</summary>
public sealed class QuantizationRecipeException : Exception
{
    public QuantizationRecipeException(string message)
        : base(message)
    {
    }

    public QuantizationRecipeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
