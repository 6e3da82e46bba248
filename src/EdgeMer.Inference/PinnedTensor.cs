using EdgeMer.Platform;
using EdgeMer.Inference.Interop.OnnxRuntime;

namespace EdgeMer.Inference;

/// <summary>
/// A tensor whose elements live in memory the caller owns and that never moves (a pinned array or
/// native memory), wrapped once as an ONNX Runtime value. Fill it, bind it, run, read it: no copy,
/// no allocation per run. See <see cref="PinnedTensor{T}"/>.
/// </summary>
public abstract class PinnedTensor : IDisposable
{
    private readonly long[] _shape;
    private bool _disposed;

    private protected PinnedTensor(OrtValueHandle value, TensorElementType elementType, long[] shape, long elementCount)
    {
        Value = value;
        ElementType = elementType;
        _shape = shape;
        ElementCount = elementCount;
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>How many elements the tensor holds.</summary>
    public long ElementCount { get; }

    /// <summary>Whether <see cref="Dispose()"/> was called (a binding may still hold the native value until it is rebound).</summary>
    public bool IsDisposed => _disposed;

    internal OrtValueHandle Value { get; }

    /// <summary>A zeroed tensor on the pinned object heap (managed memory that never moves).</summary>
    public static PinnedTensor<T> Allocate<T>(params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        long count = CheckShape<T>(shape);
        T[] array = GC.AllocateArray<T>((int)count, pinned: true);
        return new PinnedTensor<T>(Ort.CreateTensor(array, shape, TensorElementTypes.Of<T>()), shape.ToArray(), count, array);
    }

    /// <summary>A zeroed tensor in 64-byte aligned native memory, freed when the tensor and every binding using it are done.</summary>
    public static PinnedTensor<T> AllocateNative<T>(params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        long count = CheckShape<T>(shape);
        return new PinnedTensor<T>(Ort.CreateTensorInNativeMemory<T>(count, shape, TensorElementTypes.Of<T>()), shape.ToArray(), count, array: null);
    }

    /// <summary>A tensor over the caller's array, which stays pinned for the tensor's lifetime. Its length must match the shape.</summary>
    public static PinnedTensor<T> FromArray<T>(T[] data, params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        long count = CheckShape<T>(shape);
        if (data.Length != count)
        {
            throw new ArgumentException(
                $"The array has {data.Length} elements but shape {TensorShapes.Format(shape)} needs {count}", nameof(data));
        }

        return new PinnedTensor<T>(Ort.CreateTensor(data, shape, TensorElementTypes.Of<T>()), shape.ToArray(), count, data);
    }

    /// <summary>The shape for people, for example "[1, 16]".</summary>
    public string DescribeShape() => TensorShapes.Format(_shape);

    /// <summary>Releases the native value; its memory is freed once no binding uses it any more.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native value.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            Value.Dispose();
        }
    }

    private static long CheckShape<T>(ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        if (TensorElementTypes.Of<T>() == TensorElementType.Undefined)
        {
            throw new NotSupportedException(
                $"Tensors of {typeof(T).Name} are not supported; element types are float, double, sbyte, byte, short, ushort, int, uint, long, ulong, bool and Half");
        }

        long count = TensorShapes.ElementCount(shape);
        if (count > Array.MaxLength)
        {
            throw new ArgumentException($"Shape {TensorShapes.Format(shape)} has {count} elements, more than one tensor can hold ({Array.MaxLength})", nameof(shape));
        }

        return count;
    }
}
