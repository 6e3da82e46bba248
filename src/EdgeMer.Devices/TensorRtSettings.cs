using System.Text.Json.Serialization;

namespace EdgeMer.Devices;

/// <summary>TensorRT provider settings for this device.</summary>
public sealed record TensorRtSettings
{
    /// <summary>Let TensorRT build FP16 kernels.</summary>
    [JsonPropertyName("fp16")]
    public bool EnableFp16 { get; init; }

    /// <summary>Let TensorRT build INT8 kernels (needs a calibration table or a QDQ model).</summary>
    [JsonPropertyName("int8")]
    public bool EnableInt8 { get; init; }

    /// <summary>Folder where built engines are cached so a restart does not rebuild them (minutes on a Nano).</summary>
    public string? EngineCachePath { get; init; }

    public int WorkspaceMiB { get; init; } = 256;
}
