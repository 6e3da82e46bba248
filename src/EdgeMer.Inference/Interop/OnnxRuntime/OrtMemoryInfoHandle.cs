namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtMemoryInfo.
internal sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseMemoryInfo(handle);
        return true;
    }
}
