namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns an OrtTensorTypeAndShapeInfo the caller owns (not one borrowed from an OrtTypeInfo).
internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseTensorTypeAndShapeInfo(handle);
        return true;
    }
}
