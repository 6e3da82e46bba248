using System.Text.Json.Serialization;

namespace EdgeMer.Host.Devices;

/// <summary>
/// What a kind of device offers and what EdgeMer may use of it: execution providers in order of
/// preference, threads, the latency budget and the purpose that sets stage priorities. One JSON file
/// per device under <c>devices/</c>; <see cref="DeviceProfileLoader"/> reads and validates it.
/// </summary>
public sealed record DeviceProfile
{
    /// <summary>Stable identifier, equal to the file name without <c>.json</c> (for example <c>raspberry-pi-5</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable name of the board and software stack.</summary>
    public required string Name { get; init; }

    /// <summary>CPU architecture: <c>arm64</c> or <c>x64</c>.</summary>
    public required string Arch { get; init; }

    /// <summary>CPU cores the board has.</summary>
    public required int Cores { get; init; }

    /// <summary>Memory the board has, in MiB.</summary>
    public required int MemoryMiB { get; init; }

    /// <summary>What the device is deployed for; decides which stages come first under load.</summary>
    public required string Purpose { get; init; }

    public required DeviceBudget Budget { get; init; }

    public required DeviceInference Inference { get; init; }
}

/// <summary>The time and CPU the pipeline may take on this device.</summary>
public sealed record DeviceBudget
{
    /// <summary>Longest time from capture to published summary, in milliseconds.</summary>
    public required int CaptureToSummaryMs { get; init; }

    /// <summary>Most cores EdgeMer may keep busy at once (the rest belong to the application around it).</summary>
    public required int MaxCores { get; init; }
}

/// <summary>How models run on this device.</summary>
public sealed record DeviceInference
{
    /// <summary>Execution providers in order of preference; the runtime falls back along the list and finally to CPU.</summary>
    public required IReadOnlyList<string> Providers { get; init; }

    /// <summary>Threads one operator may use.</summary>
    public required int IntraOpThreads { get; init; }

    /// <summary>Threads used to run independent operators in parallel.</summary>
    public required int InterOpThreads { get; init; }

    /// <summary>Whether all models share one process-wide thread pool instead of one pool per session.</summary>
    public bool GlobalThreadPools { get; init; }

    public TensorRtSettings? TensorRt { get; init; }

    public CudaSettings? Cuda { get; init; }
}

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

/// <summary>CUDA provider settings for this device.</summary>
public sealed record CudaSettings
{
    public int DeviceId { get; init; }
}
