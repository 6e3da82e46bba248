namespace EdgeMer.Devices;

/// <summary>CUDA provider settings for this device.</summary>
public sealed record CudaSettings
{
    public int DeviceId { get; init; }
}
