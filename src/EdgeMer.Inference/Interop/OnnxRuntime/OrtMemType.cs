namespace EdgeMer.Inference.Interop.OnnxRuntime;

// OrtMemType of onnxruntime_c_api.h (only the value EdgeMer uses).
internal enum OrtMemType
{
    Default = 0,
}
