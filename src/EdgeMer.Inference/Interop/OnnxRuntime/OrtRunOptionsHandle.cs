namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtRunOptions.
internal sealed unsafe class OrtRunOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseRunOptions(handle);
        return true;
    }
}
