namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtThreadingOptions.
internal sealed unsafe class OrtThreadingOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseThreadingOptions(handle);
        return true;
    }
}
