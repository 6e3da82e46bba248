namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtSession.
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseSession(handle);
        return true;
    }
}
