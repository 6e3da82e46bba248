namespace EdgeMer.Models.Catalog;

/// <summary>One dimension of a model input or output: a fixed size, or the batch size chosen per call.</summary>
public readonly record struct ModelDimension
{
    private ModelDimension(long size)
    {
        Size = size;
    }

    /// <summary>The batch dimension.</summary>
    public static ModelDimension Batch { get; } = new(-1);

    /// <summary>The fixed size, or -1 for the batch dimension.</summary>
    public long Size { get; }

    public bool IsBatch => Size < 0;

    /// <summary>A fixed dimension of <paramref name="size"/> (positive).</summary>
    public static ModelDimension Fixed(long size) =>
        size > 0 ? new(size) : throw new ArgumentOutOfRangeException(nameof(size), size, "a fixed dimension is positive");

    /// <summary>The size for a run with <paramref name="batch"/> items.</summary>
    public long For(long batch) => IsBatch ? batch : Size;

    public override string ToString() => IsBatch ? "batch" : Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
