namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtTypeInfo.
internal sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseTypeInfo(handle);
        return true;
    }
}
