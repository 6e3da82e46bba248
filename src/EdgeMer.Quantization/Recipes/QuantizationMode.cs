namespace EdgeMer.Quantization.Recipes;

/// <summary>How a recipe quantizes: static QDQ with calibrated activation ranges, or dynamic (activations quantized at run time).</summary>
public enum QuantizationMode
{
    Static,
    Dynamic,
}
