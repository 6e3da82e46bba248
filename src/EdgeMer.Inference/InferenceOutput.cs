using System.Runtime.InteropServices;
using EdgeMer.Platform;

namespace EdgeMer.Inference;

/// <summary>An output of <see cref="InferenceSession.Run(IReadOnlyDictionary{string, PinnedTensor})"/>, copied into managed memory.</summary>
public sealed class InferenceOutput
{
    private readonly byte[] _bytes;
    private readonly long[] _shape;

    internal InferenceOutput(string name, TensorElementType elementType, long[] shape, byte[] bytes)
    {
        Name = name;
        ElementType = elementType;
        _shape = shape;
        _bytes = bytes;
    }

    /// <summary>The output's name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions this run produced.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The elements as <typeparamref name="T"/>, which must match <see cref="ElementType"/>.</summary>
    public ReadOnlySpan<T> Elements<T>()
        where T : unmanaged
    {
        TensorElementType requested = TensorElementTypes.Of<T>();
        if (requested != ElementType)
        {
            throw new InvalidOperationException($"Output '{Name}' holds {ElementType} elements, not {typeof(T).Name} ({requested})");
        }

        return MemoryMarshal.Cast<byte, T>(_bytes);
    }

    /// <summary>A copy of the elements as <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>()
        where T : unmanaged => Elements<T>().ToArray();
}
