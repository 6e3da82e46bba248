using System.Runtime.InteropServices;
using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;
using Google.Protobuf;

namespace EdgeMer.Onnx;

/// <summary>
/// Creates <see cref="TensorProto"/> values (initializers, attribute tensors) from typed spans and
/// reads their values back, whichever of <c>raw_data</c> or the typed fields holds them.
/// Values are written as <c>raw_data</c>: little-endian, packed, the form every runtime reads fastest.
/// </summary>
public static class OnnxTensors
{
    public static TensorProto FromFloats(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Float, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromDoubles(string name, ReadOnlySpan<double> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Double, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromHalfs(string name, ReadOnlySpan<Half> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Float16, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromInt64s(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Int64, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromInt32s(string name, ReadOnlySpan<int> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Int32, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromInt16s(string name, ReadOnlySpan<short> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Int16, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromUInt16s(string name, ReadOnlySpan<ushort> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.UInt16, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromInt8s(string name, ReadOnlySpan<sbyte> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Int8, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static TensorProto FromUInt8s(string name, ReadOnlySpan<byte> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.UInt8, dims, values, values.Length);

    public static TensorProto FromBools(string name, ReadOnlySpan<bool> values, ReadOnlySpan<long> dims) =>
        FromRaw(name, TensorElementType.Bool, dims, MemoryMarshal.AsBytes(values), values.Length);

    /// <summary>A tensor of strings (ONNX keeps these in <c>string_data</c>, UTF-8).</summary>
    public static TensorProto FromStrings(string name, ReadOnlySpan<string> values, ReadOnlySpan<long> dims)
    {
        TensorProto tensor = Header(name, TensorElementType.String, dims, values.Length);
        foreach (string value in values)
        {
            tensor.StringData.Add(ByteString.CopyFromUtf8(value));
        }

        return tensor;
    }

    /// <summary>
    /// A tensor from values already laid out as ONNX <c>raw_data</c> (little-endian, row-major);
    /// <paramref name="raw"/> must hold exactly the element count of <paramref name="dims"/>.
    /// </summary>
    public static TensorProto FromRawData(string name, TensorElementType type, ReadOnlySpan<long> dims, ReadOnlySpan<byte> raw)
    {
        int size = TensorElementTypes.SizeOf(type);
        if (size == 0 || raw.Length % size != 0)
        {
            throw new ArgumentException($"tensor '{name}': {raw.Length} bytes of raw data cannot hold {type} elements", nameof(raw));
        }

        return FromRaw(name, type, dims, raw, raw.Length / size);
    }

    /// <summary>The element type of <paramref name="tensor"/>.</summary>
    public static TensorElementType ElementType(TensorProto tensor) => (TensorElementType)tensor.DataType;

    /// <summary>The number of elements the dims of <paramref name="tensor"/> describe (1 for a scalar).</summary>
    public static long ElementCount(TensorProto tensor) => ElementCount(tensor.Dims);

    /// <summary>The values of a float tensor.</summary>
    public static float[] ToFloats(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.Float);
        return tensor.HasRawData ? FromRaw<float>(tensor) : Checked(tensor, [.. tensor.FloatData]);
    }

    /// <summary>The values of a double tensor.</summary>
    public static double[] ToDoubles(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.Double);
        return tensor.HasRawData ? FromRaw<double>(tensor) : Checked(tensor, [.. tensor.DoubleData]);
    }

    /// <summary>The values of an int64 tensor.</summary>
    public static long[] ToInt64s(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.Int64);
        return tensor.HasRawData ? FromRaw<long>(tensor) : Checked(tensor, [.. tensor.Int64Data]);
    }

    /// <summary>The values of an int32 tensor.</summary>
    public static int[] ToInt32s(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.Int32);
        return tensor.HasRawData ? FromRaw<int>(tensor) : Checked(tensor, [.. tensor.Int32Data]);
    }

    /// <summary>The values of a uint8 tensor.</summary>
    public static byte[] ToUInt8s(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.UInt8);
        return tensor.HasRawData ? FromRaw<byte>(tensor) : Checked(tensor, Narrow<byte>(tensor));
    }

    /// <summary>The values of an int8 tensor.</summary>
    public static sbyte[] ToInt8s(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.Int8);
        return tensor.HasRawData ? FromRaw<sbyte>(tensor) : Checked(tensor, Narrow<sbyte>(tensor));
    }

    /// <summary>The values of a bool tensor.</summary>
    public static bool[] ToBools(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.Bool);
        if (tensor.HasRawData)
        {
            byte[] bytes = FromRaw<byte>(tensor);
            bool[] result = new bool[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                result[i] = bytes[i] != 0;
            }

            return result;
        }

        bool[] values = new bool[tensor.Int32Data.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = tensor.Int32Data[i] != 0;
        }

        return Checked(tensor, values);
    }

    /// <summary>The values of a string tensor, decoded from UTF-8.</summary>
    public static string[] ToStrings(TensorProto tensor)
    {
        Expect(tensor, TensorElementType.String);
        string[] values = new string[tensor.StringData.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = tensor.StringData[i].ToStringUtf8();
        }

        return Checked(tensor, values);
    }

    /// <summary>The values of any numeric tensor, widened or narrowed to float (for comparisons and reports).</summary>
    public static float[] ToFloatsConverted(TensorProto tensor)
    {
        switch (ElementType(tensor))
        {
            case TensorElementType.Float:
                return ToFloats(tensor);
            case TensorElementType.Double:
                return Array.ConvertAll(ToDoubles(tensor), v => (float)v);
            case TensorElementType.Int64:
                return Array.ConvertAll(ToInt64s(tensor), v => (float)v);
            case TensorElementType.Int32:
                return Array.ConvertAll(ToInt32s(tensor), v => (float)v);
            case TensorElementType.UInt8:
                return Array.ConvertAll(ToUInt8s(tensor), v => (float)v);
            case TensorElementType.Int8:
                return Array.ConvertAll(ToInt8s(tensor), v => (float)v);
            case TensorElementType.Bool:
                return Array.ConvertAll(ToBools(tensor), v => v ? 1f : 0f);
            case TensorElementType.Float16:
                {
                    Half[] halfs = tensor.HasRawData ? FromRaw<Half>(tensor) : Checked(tensor, Narrow<Half>(tensor));
                    return Array.ConvertAll(halfs, v => (float)v);
                }

            default:
                throw new OnnxModelException($"tensor '{tensor.Name}' has element type {ElementType(tensor)}, which has no float conversion");
        }
    }

    internal static long ElementCount(IReadOnlyList<long> dims)
    {
        long count = 1;
        for (int i = 0; i < dims.Count; i++)
        {
            count = checked(count * dims[i]);
        }

        return count;
    }

    private static TensorProto Header(string name, TensorElementType type, ReadOnlySpan<long> dims, int elementCount)
    {
        ArgumentNullException.ThrowIfNull(name);
        long expected = 1;
        foreach (long dim in dims)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"tensor '{name}': dimension {dim} is negative", nameof(dims));
            }

            expected = checked(expected * dim);
        }

        if (expected != elementCount)
        {
            throw new ArgumentException(
                $"tensor '{name}': dims [{string.Join(", ", dims.ToArray())}] describe {expected} elements but {elementCount} were given", nameof(dims));
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.Add(dims.ToArray());
        return tensor;
    }

    private static TensorProto FromRaw(string name, TensorElementType type, ReadOnlySpan<long> dims, ReadOnlySpan<byte> raw, int elementCount)
    {
        TensorProto tensor = Header(name, type, dims, elementCount);
        if (BitConverter.IsLittleEndian)
        {
            tensor.RawData = ByteString.CopyFrom(raw);
        }
        else
        {
            tensor.RawData = ByteString.CopyFrom(SwapToLittleEndian(raw, TensorElementTypes.SizeOf(type)));
        }

        return tensor;
    }

    private static T[] FromRaw<T>(TensorProto tensor)
        where T : unmanaged
    {
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long expected = ElementCount(tensor);
        if (raw.Length != expected * size)
        {
            throw new OnnxModelException(
                $"tensor '{tensor.Name}' has {raw.Length} bytes of raw data; its dims [{string.Join(", ", tensor.Dims)}] need {expected * size}");
        }

        T[] values = new T[expected];
        Span<byte> target = MemoryMarshal.AsBytes(values.AsSpan());
        raw.CopyTo(target);
        if (!BitConverter.IsLittleEndian)
        {
            SwapInPlace(target, size);
        }

        return values;
    }

    private static T[] Narrow<T>(TensorProto tensor)
        where T : unmanaged
    {
        T[] values = new T[tensor.Int32Data.Count];
        for (int i = 0; i < values.Length; i++)
        {
            int value = tensor.Int32Data[i];
            if (typeof(T) == typeof(Half))
            {
                // float16 values travel as their 16 bits in int32_data.
                ushort bits = (ushort)value;
                values[i] = System.Runtime.CompilerServices.Unsafe.As<ushort, T>(ref bits);
            }
            else if (typeof(T) == typeof(byte))
            {
                byte narrow = (byte)value;
                values[i] = System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref narrow);
            }
            else
            {
                sbyte narrow = (sbyte)value;
                values[i] = System.Runtime.CompilerServices.Unsafe.As<sbyte, T>(ref narrow);
            }
        }

        return values;
    }

    private static T[] Checked<T>(TensorProto tensor, T[] values)
    {
        long expected = ElementCount(tensor);
        if (values.Length != expected)
        {
            throw new OnnxModelException(
                $"tensor '{tensor.Name}' holds {values.Length} values; its dims [{string.Join(", ", tensor.Dims)}] need {expected}");
        }

        return values;
    }

    private static void Expect(TensorProto tensor, TensorElementType type)
    {
        if (ElementType(tensor) != type)
        {
            throw new OnnxModelException($"tensor '{tensor.Name}' has element type {ElementType(tensor)}, not {type}");
        }

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new OnnxModelException($"tensor '{tensor.Name}' keeps its values in an external file, which EdgeMer does not read");
        }
    }

    private static byte[] SwapToLittleEndian(ReadOnlySpan<byte> raw, int size)
    {
        byte[] copy = raw.ToArray();
        SwapInPlace(copy, size);
        return copy;
    }

    private static void SwapInPlace(Span<byte> bytes, int size)
    {
        if (size <= 1)
        {
            return;
        }

        for (int i = 0; i + size <= bytes.Length; i += size)
        {
            bytes.Slice(i, size).Reverse();
        }
    }
}
