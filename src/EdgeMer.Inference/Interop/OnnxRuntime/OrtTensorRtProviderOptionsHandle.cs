namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtTensorRTProviderOptionsV2.
internal sealed unsafe class OrtTensorRtProviderOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseTensorRTProviderOptions(handle);
        return true;
    }
}
