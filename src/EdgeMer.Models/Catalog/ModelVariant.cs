namespace EdgeMer.Models.Catalog;

/// <summary>A variant of a model and whether the build makes it.</summary>
/// <param name="Name">Which variant.</param>
/// <param name="Available">True when the build makes it; false when it is planned.</param>
/// <param name="Sha256">The sha256 its built file must have (int8, pruned); null for fp32, which the store's index vouches for.</param>
/// <param name="Recipe">The recipe that builds it (int8, pruned), relative to the repository.</param>
public sealed record ModelVariant(VariantName Name, bool Available, string? Sha256 = null, string? Recipe = null)
{
    /// <summary>The variant's name in manifests, file names and the index (<c>fp32</c>, <c>int8</c>, <c>pruned</c>).</summary>
    public static string NameOf(VariantName name) => name switch
    {
        VariantName.Fp32 => "fp32",
        VariantName.Int8 => "int8",
        VariantName.Pruned => "pruned",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a variant"),
    };
}
