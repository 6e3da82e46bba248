namespace EdgeMer.Quantization.Pruning;

/// <summary>The report of a pruning run and the accepted variant's bytes; <see cref="Variant"/> is null when every candidate was rejected.</summary>
public sealed record PruningResult(PruningReport Report, byte[]? Variant)
{
    public bool Accepted => Variant is not null;
}
