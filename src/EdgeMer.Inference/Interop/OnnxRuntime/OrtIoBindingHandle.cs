namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtIoBinding.
internal sealed unsafe class OrtIoBindingHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseIoBinding(handle);
        return true;
    }
}
