namespace EdgeMer.Devices;

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
