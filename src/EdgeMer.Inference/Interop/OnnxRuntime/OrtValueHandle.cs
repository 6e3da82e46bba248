using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtValue and, for tensors created over caller memory, the memory itself: the pinning
// GCHandle of a managed array or an aligned native block. Both are released together, after
// ReleaseValue, so the native tensor can never outlive the bytes it points at even when a binding
// still holds a lease on the handle after the tensor object was disposed.
internal sealed unsafe class OrtValueHandle : OrtHandle
{
    private GCHandle _pinnedArray;
    private void* _nativeBuffer;
    private void* _data;

    public void OwnPinnedArray(GCHandle pinnedArray) => _pinnedArray = pinnedArray;

    public void OwnNativeBuffer(void* buffer) => _nativeBuffer = buffer;

    // Where the elements of a tensor created over caller memory are.
    public void SetData(void* data) => _data = data;

    // The elements as a span; only for tensors EdgeMer created over memory it owns (see SetData).
    public Span<T> Elements<T>(int length)
        where T : unmanaged => new(_data, length);

    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseValue(handle);
        if (_pinnedArray.IsAllocated)
        {
            _pinnedArray.Free();
        }

        if (_nativeBuffer != null)
        {
            NativeMemory.AlignedFree(_nativeBuffer);
            _nativeBuffer = null;
        }

        return true;
    }
}
