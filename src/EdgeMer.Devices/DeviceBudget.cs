namespace EdgeMer.Devices;

/// <summary>The time and CPU the pipeline may take on this device.</summary>
public sealed record DeviceBudget
{
    /// <summary>Longest time from capture to published summary, in milliseconds.</summary>
    public required int CaptureToSummaryMs { get; init; }

    /// <summary>Most cores EdgeMer may keep busy at once (the rest belong to the application around it).</summary>
    public required int MaxCores { get; init; }
}
