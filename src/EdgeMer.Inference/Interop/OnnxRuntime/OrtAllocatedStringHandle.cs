namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns a UTF-8 string ONNX Runtime allocated with its default allocator (input and output names);
// it must be freed with that same allocator. Sessions keep these alive and pass the pointers
// straight to Run, so names are never re-encoded per call.
internal sealed unsafe class OrtAllocatedStringHandle : OrtHandle
{
    protected override bool ReleaseHandle() =>
        OrtStatus.Succeeded(OrtNative.Api->AllocatorFree(OrtNative.DefaultAllocator, (void*)handle));
}
