namespace EdgeMer.Inference.Interop.OnnxRuntime;

// OrtAllocatorType of onnxruntime_c_api.h.
internal enum OrtAllocatorType
{
    Device = 0,
    Arena = 1,
}
