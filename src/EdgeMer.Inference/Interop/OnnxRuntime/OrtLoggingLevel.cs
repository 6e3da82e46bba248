namespace EdgeMer.Inference.Interop.OnnxRuntime;

// OrtLoggingLevel of onnxruntime_c_api.h.
internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
