using System.Runtime.InteropServices;
using EdgeMer.Platform;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

internal static unsafe partial class Ort
{
    // A tensor over a managed array, pinned for as long as the OrtValue lives.
    public static OrtValueHandle CreateTensor<T>(T[] array, ReadOnlySpan<long> shape, TensorElementType elementType)
        where T : unmanaged
    {
        GCHandle pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            void* data = (void*)pin.AddrOfPinnedObject();
            OrtValueHandle value = CreateTensorOver(data, (nuint)array.Length * (nuint)sizeof(T), shape, elementType);
            value.OwnPinnedArray(pin);
            return value;
        }
        catch
        {
            pin.Free();
            throw;
        }
    }

    // A tensor over zeroed, 64-byte aligned native memory owned by the OrtValue's handle.
    public static OrtValueHandle CreateTensorInNativeMemory<T>(long elementCount, ReadOnlySpan<long> shape, TensorElementType elementType)
        where T : unmanaged
    {
        nuint bytes = checked((nuint)elementCount * (nuint)sizeof(T));
        void* data = NativeMemory.AlignedAlloc(Math.Max(bytes, 1), 64);
        NativeMemory.Clear(data, bytes);
        try
        {
            OrtValueHandle value = CreateTensorOver(data, bytes, shape, elementType);
            value.OwnNativeBuffer(data);
            return value;
        }
        catch
        {
            NativeMemory.AlignedFree(data);
            throw;
        }
    }

    public static (TensorElementType ElementType, long[] Shape) DescribeTensor(OrtValueHandle value)
    {
        nint raw;
        OrtStatus.Check(OrtNative.Api->GetTensorTypeAndShape(value.DangerousGetHandle(), &raw));
        using OrtTensorTypeAndShapeInfoHandle info = OrtHandle.Adopt<OrtTensorTypeAndShapeInfoHandle>(raw);
        OrtValueDescription description = DescribeTensorInfo(raw, OnnxType.Tensor, withSymbols: false);
        return (description.ElementType, description.Shape);
    }

    // Copies a tensor's bytes out (for outputs ONNX Runtime allocated).
    public static void CopyTensorData(OrtValueHandle value, Span<byte> destination)
    {
        void* data;
        OrtStatus.Check(OrtNative.Api->GetTensorMutableData(value.DangerousGetHandle(), &data));
        new ReadOnlySpan<byte>(data, destination.Length).CopyTo(destination);
    }

    private static OrtValueHandle CreateTensorOver(void* data, nuint bytes, ReadOnlySpan<long> shape, TensorElementType elementType)
    {
        nint raw;
        fixed (long* dims = shape)
        {
            OrtStatus.Check(OrtNative.Api->CreateTensorWithDataAsOrtValue(
                OrtNative.CpuMemory.DangerousGetHandle(), data, bytes, dims, (nuint)shape.Length, (int)elementType, &raw));
        }

        OrtValueHandle value = OrtHandle.Adopt<OrtValueHandle>(raw);
        value.SetData(data);
        return value;
    }
}
