namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtCUDAProviderOptionsV2.
internal sealed unsafe class OrtCudaProviderOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseCUDAProviderOptions(handle);
        return true;
    }
}
