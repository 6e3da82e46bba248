using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>What the EdgeMer process costs the device: CPU over the last health interval and resident memory.</summary>
public sealed class ProcessHealth
{
    /// <summary>Most CPU a report may state: 100 % of each of 1024 cores.</summary>
    public const float MaxCpuPercent = 102_400f;

    /// <summary>Most resident memory a report may state, in MiB (1 TiB).</summary>
    public const float MaxRssMiB = 1_048_576f;

    [JsonConstructor]
    public ProcessHealth(float cpuPercent, float rssMiB)
    {
        CpuPercent = WireCheck.NonNegative(cpuPercent, MaxCpuPercent, "cpuPercent");
        RssMiB = WireCheck.NonNegative(rssMiB, MaxRssMiB, "rssMiB");
    }

    /// <summary>CPU time used over the last interval as a share of one core (200 is two cores busy), as <c>top</c> shows it.</summary>
    public float CpuPercent { get; }

    /// <summary>Resident memory in MiB.</summary>
    public float RssMiB { get; }
}
