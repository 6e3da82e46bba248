using EdgeMer.Inference;

namespace EdgeMer.Devices;

/// <summary>Turns a device profile's inference section into the binding's options.</summary>
public static class DeviceInferenceSettings
{
    /// <summary>Process-wide thread pools sized by the profile, or null when its models keep per-session pools.</summary>
    public static GlobalThreadPoolOptions? ThreadPools(DeviceProfile profile) =>
        profile.Inference.GlobalThreadPools
            ? new GlobalThreadPoolOptions { IntraOpThreads = profile.Inference.IntraOpThreads, InterOpThreads = profile.Inference.InterOpThreads }
            : null;

    /// <summary>Session options for one model on this device: providers in the profile's order, its threads and provider settings.</summary>
    public static InferenceSessionOptions SessionOptions(DeviceProfile profile, bool environmentHasThreadPools)
    {
        DeviceInference inference = profile.Inference;
        bool shared = inference.GlobalThreadPools && environmentHasThreadPools;
        var options = new InferenceSessionOptions
        {
            UseGlobalThreadPools = shared,
            IntraOpThreads = shared ? 0 : inference.IntraOpThreads,
            InterOpThreads = shared ? 0 : inference.InterOpThreads,
        };
        foreach (ExecutionProviderKind kind in DeviceProviders.Preferences(profile))
        {
            options.ExecutionProviders.Add(kind);
        }

        if (inference.Cuda is { } cuda)
        {
            options.Cuda.DeviceId = cuda.DeviceId;
            options.TensorRT.DeviceId = cuda.DeviceId;
        }

        if (inference.TensorRt is { } trt)
        {
            options.TensorRT.Fp16Enabled = trt.EnableFp16;
            options.TensorRT.Int8Enabled = trt.EnableInt8;
            options.TensorRT.EngineCacheEnabled = trt.EngineCachePath is not null;
            options.TensorRT.EngineCachePath = trt.EngineCachePath;
            options.TensorRT.MaxWorkspaceSizeBytes = trt.WorkspaceMiB * 1024L * 1024L;
        }

        options.Xnnpack.IntraOpThreads = inference.IntraOpThreads;
        return options;
    }
}
