namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtSessionOptions.
internal sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseSessionOptions(handle);
        return true;
    }
}
