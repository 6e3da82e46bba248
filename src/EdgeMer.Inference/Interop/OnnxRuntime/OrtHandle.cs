using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// The one handle pattern for every native ONNX Runtime object EdgeMer owns: a SafeHandle whose
// ReleaseHandle calls the object's Release function. Users of a handle that must outlive other
// references (bindings, tensors in flight) take DangerousAddRef leases on it.
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    // Creates the handle type around a pointer a Create* call returned through an out parameter.
    public static T Adopt<T>(nint raw)
        where T : OrtHandle, new()
    {
        var owned = new T();
        owned.SetHandle(raw);
        return owned;
    }
}
