using System.Globalization;

namespace EdgeMer.Onnx;

/// <summary>
/// One dimension of a tensor shape at a graph boundary: a fixed size, a named symbolic size
/// (<c>"N"</c>, shared by every dimension with the same name) or unknown.
/// Ints and strings convert implicitly, so a shape reads <c>[1, "N", 3]</c>.
/// </summary>
public readonly record struct TensorDim
{
    private TensorDim(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null when the dimension is symbolic or unknown.</summary>
    public long? Size { get; }

    /// <summary>The symbolic name, or null when the dimension is fixed or unknown.</summary>
    public string? Symbol { get; }

    /// <summary>A dimension nothing is known about.</summary>
    public static TensorDim Unknown => default;

    /// <summary>A dimension of fixed <paramref name="size"/> (zero or more).</summary>
    public static TensorDim Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new TensorDim(size, null);
    }

    /// <summary>A dimension whose size is named <paramref name="symbol"/> and fixed only at run time.</summary>
    public static TensorDim Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return new TensorDim(null, symbol);
    }

    public static implicit operator TensorDim(long size) => Fixed(size);

    public static implicit operator TensorDim(string symbol) => Symbolic(symbol);

    /// <inheritdoc/>
    public override string ToString() =>
        Size is { } size ? size.ToString(CultureInfo.InvariantCulture) : Symbol ?? "?";
}
