using System.Runtime.InteropServices;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>A tensor as exchanged with the reference engines: name, dtype (<c>float32</c>, <c>int32</c>, <c>int64</c>), shape and little-endian bytes.</summary>
public sealed record RawTensor(string Name, string Dtype, long[] Shape, byte[] Data)
{
    public static RawTensor FromFloats(string name, long[] shape, float[] values) =>
        new(name, "float32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static RawTensor FromInt32s(string name, long[] shape, int[] values) =>
        new(name, "int32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static RawTensor FromInt64s(string name, long[] shape, long[] values) =>
        new(name, "int64", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>The values widened to double, whatever the dtype.</summary>
    public double[] ToDoubles()
    {
        switch (Dtype)
        {
            case "float32":
                return Array.ConvertAll(MemoryMarshal.Cast<byte, float>(Data).ToArray(), v => (double)v);
            case "int32":
                return Array.ConvertAll(MemoryMarshal.Cast<byte, int>(Data).ToArray(), v => (double)v);
            case "int64":
                return Array.ConvertAll(MemoryMarshal.Cast<byte, long>(Data).ToArray(), v => (double)v);
            default:
                throw new InvalidOperationException($"tensor '{Name}' has dtype '{Dtype}'; expected float32, int32 or int64");
        }
    }
}
