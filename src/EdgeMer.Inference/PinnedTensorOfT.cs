using EdgeMer.Platform;
using EdgeMer.Inference.Interop.OnnxRuntime;

namespace EdgeMer.Inference;

/// <summary>A <see cref="PinnedTensor"/> of <typeparamref name="T"/> elements, with a span view over them.</summary>
/// <typeparam name="T">float, double, sbyte, byte, short, ushort, int, uint, long, ulong, bool or Half.</typeparam>
public sealed class PinnedTensor<T> : PinnedTensor
    where T : unmanaged
{
    private readonly T[]? _array;

    internal PinnedTensor(OrtValueHandle value, long[] shape, long elementCount, T[]? array)
        : base(value, TensorElementTypes.Of<T>(), shape, elementCount)
    {
        _array = array;
    }

    /// <summary>The elements, in row-major order. Writes go straight to the memory ONNX Runtime reads.</summary>
    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return _array is not null ? _array.AsSpan(0, (int)ElementCount) : Value.Elements<T>((int)ElementCount);
        }
    }
}
