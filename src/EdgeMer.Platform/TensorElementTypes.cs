namespace EdgeMer.Platform;

/// <summary>What EdgeMer needs to know about each <see cref="TensorElementType"/>.</summary>
public static class TensorElementTypes
{
    /// <summary>The element type a .NET element type stands for; <see cref="TensorElementType.Undefined"/> for any other.</summary>
    /// <remarks>The <c>typeof</c> comparisons fold away per <typeparamref name="T"/> at JIT/AOT time.</remarks>
    public static TensorElementType Of<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorElementType.Float
        : typeof(T) == typeof(byte) ? TensorElementType.UInt8
        : typeof(T) == typeof(sbyte) ? TensorElementType.Int8
        : typeof(T) == typeof(ushort) ? TensorElementType.UInt16
        : typeof(T) == typeof(short) ? TensorElementType.Int16
        : typeof(T) == typeof(int) ? TensorElementType.Int32
        : typeof(T) == typeof(long) ? TensorElementType.Int64
        : typeof(T) == typeof(bool) ? TensorElementType.Bool
        : typeof(T) == typeof(Half) ? TensorElementType.Float16
        : typeof(T) == typeof(double) ? TensorElementType.Double
        : typeof(T) == typeof(uint) ? TensorElementType.UInt32
        : typeof(T) == typeof(ulong) ? TensorElementType.UInt64
        : TensorElementType.Undefined;

    /// <summary>The size in bytes of one element of <paramref name="type"/>; 0 for strings and undefined types.</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool => 1,
        TensorElementType.UInt16 or TensorElementType.Int16 or TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Double or TensorElementType.Complex64 => 8,
        TensorElementType.Complex128 => 16,
        _ => 0,
    };
}
