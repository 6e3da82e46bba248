namespace EdgeMer.Inference.Interop.OnnxRuntime;

internal static unsafe partial class Ort
{
    public static void AppendCuda(OrtSessionOptionsHandle options, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        OrtApi* api = OrtNative.Api;
        nint raw;
        OrtStatus.Check(api->CreateCUDAProviderOptions(&raw));
        using OrtCudaProviderOptionsHandle cuda = OrtHandle.Adopt<OrtCudaProviderOptionsHandle>(raw);
        using (var pairs = new OrtUtf8.KeyValueBlock(settings))
        {
            OrtStatus.Check(api->UpdateCUDAProviderOptions(raw, pairs.Keys, pairs.Values, (nuint)pairs.Count));
        }

        // ORT copies the options into the session options, so they are released right after.
        OrtStatus.Check(api->SessionOptionsAppendExecutionProvider_CUDA_V2(options.DangerousGetHandle(), raw));
    }

    public static void AppendTensorRt(OrtSessionOptionsHandle options, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        OrtApi* api = OrtNative.Api;
        nint raw;
        OrtStatus.Check(api->CreateTensorRTProviderOptions(&raw));
        using OrtTensorRtProviderOptionsHandle tensorRt = OrtHandle.Adopt<OrtTensorRtProviderOptionsHandle>(raw);
        using (var pairs = new OrtUtf8.KeyValueBlock(settings))
        {
            OrtStatus.Check(api->UpdateTensorRTProviderOptions(raw, pairs.Keys, pairs.Values, (nuint)pairs.Count));
        }

        OrtStatus.Check(api->SessionOptionsAppendExecutionProvider_TensorRT_V2(options.DangerousGetHandle(), raw));
    }

    // DirectML has its own small API table, reached by name; builds without DirectML return an error status.
    public static void AppendDirectML(OrtSessionOptionsHandle options, int deviceId)
    {
        OrtApi* api = OrtNative.Api;
        void* dmlApi = null;
        fixed (byte* name = "DML"u8)
        {
            OrtStatus.Check(api->GetExecutionProviderApi(name, OrtApiVersion.Minimum, &dmlApi));
        }

        if (dmlApi == null)
        {
            throw new OnnxRuntimeException(OrtErrorCode.NotImplemented, "this ONNX Runtime build has no DirectML provider API");
        }

        OrtStatus.Check(((OrtDmlApi*)dmlApi)->SessionOptionsAppendExecutionProvider_DML(options.DangerousGetHandle(), deviceId));
    }

    // The generic append by provider name (C API 12), used for XNNPACK.
    public static void AppendByName(OrtSessionOptionsHandle options, string providerName, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        using var pairs = new OrtUtf8.KeyValueBlock(settings);
        fixed (byte* name = OrtUtf8.NullTerminated(providerName))
        {
            OrtStatus.Check(OrtNative.Api->SessionOptionsAppendExecutionProvider(
                options.DangerousGetHandle(), name, pairs.Keys, pairs.Values, (nuint)pairs.Count));
        }
    }
}
