using System.Globalization;

namespace EdgeMer.Inference;

/// <summary>Settings of the TensorRT execution provider (passed to ONNX Runtime as TensorRT V2 provider options).</summary>
public sealed class TensorRtProviderOptions
{
    /// <summary>The CUDA device to run on (0 is the first GPU).</summary>
    public int DeviceId { get; set; }

    /// <summary>Lets TensorRT build FP16 kernels (faster on Jetson, slightly less precise).</summary>
    public bool Fp16Enabled { get; set; }

    /// <summary>Lets TensorRT build INT8 kernels (needs a quantized model or a calibration table).</summary>
    public bool Int8Enabled { get; set; }

    /// <summary>Keeps built engines on disk so later starts skip the minutes-long build.</summary>
    public bool EngineCacheEnabled { get; set; }

    /// <summary>The folder for cached engines; required when <see cref="EngineCacheEnabled"/> is true.</summary>
    public string? EngineCachePath { get; set; }

    /// <summary>The most scratch memory TensorRT may use while building, in bytes; null leaves ONNX Runtime's default.</summary>
    public long? MaxWorkspaceSizeBytes { get; set; }

    internal void Validate(string prefix, List<string> problems)
    {
        if (DeviceId < 0)
        {
            problems.Add($"{prefix}:DeviceId is {DeviceId}; allowed: 0 or a higher CUDA device number");
        }

        if (EngineCacheEnabled && string.IsNullOrWhiteSpace(EngineCachePath))
        {
            problems.Add($"{prefix}:EngineCachePath is not set but {prefix}:EngineCacheEnabled is true; allowed: a writable folder for the engine cache");
        }

        if (MaxWorkspaceSizeBytes is <= 0)
        {
            problems.Add($"{prefix}:MaxWorkspaceSizeBytes is {MaxWorkspaceSizeBytes}; allowed: a positive number of bytes, or unset for ONNX Runtime's default");
        }
    }

    internal List<KeyValuePair<string, string>> ToProviderOptions()
    {
        var options = new List<KeyValuePair<string, string>>
        {
            new("device_id", DeviceId.ToString(CultureInfo.InvariantCulture)),
            new("trt_fp16_enable", Fp16Enabled ? "1" : "0"),
            new("trt_int8_enable", Int8Enabled ? "1" : "0"),
            new("trt_engine_cache_enable", EngineCacheEnabled ? "1" : "0"),
        };
        if (EngineCacheEnabled && EngineCachePath is not null)
        {
            options.Add(new("trt_engine_cache_path", EngineCachePath));
        }

        if (MaxWorkspaceSizeBytes is long workspace)
        {
            options.Add(new("trt_max_workspace_size", workspace.ToString(CultureInfo.InvariantCulture)));
        }

        return options;
    }
}
