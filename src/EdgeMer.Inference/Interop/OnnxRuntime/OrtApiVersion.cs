namespace EdgeMer.Inference.Interop.OnnxRuntime;

internal static class OrtApiVersion
{
    // The lowest C API version that has every OrtApi entry EdgeMer calls. The newest of them is
    // SessionOptionsAppendExecutionProvider (generic append by name, used for XNNPACK), added in
    // ONNX Runtime 1.12; CUDA/TensorRT V2 options and GetExecutionProviderApi (DirectML) are older.
    // Requesting exactly this version lets the binding run on any runtime from 1.12 up, which
    // matters on JetPack devices that carry an older ONNX Runtime than the bundled one.
    public const uint Minimum = 12;

    // Since 1.x the C API version equals the runtime's minor version ("1.12.1" serves API 12).
    public const string MinimumRuntime = "1.12";
}
