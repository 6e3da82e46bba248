using System.Diagnostics.CodeAnalysis;

namespace EdgeMer.Models.Catalog;

/// <summary>A form of a model: as converted, quantized to 8-bit integers, or pruned.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "int8 is the variant's name everywhere models are quantized.")]
public enum VariantName
{
    Fp32,
    Int8,
    Pruned,
}
