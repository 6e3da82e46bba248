namespace EdgeMer.Tools.Benchmarks;

/// <summary>What <c>edgemer bench body</c> measured over the timed passes of its frames, on one thread.</summary>
public sealed record BodyBenchmarkReport(
    string PoseModel,
    string Photograph,
    int FrameWidth,
    int FrameHeight,
    int FramesPerPass,
    int Passes,
    int WarmupPasses,
    long Frames,
    long PersonFrames,
    string Cpu,
    IReadOnlyList<string> CpuFeatures,
    string OnnxRuntimeVersion,
    double TotalMsPerFrame,
    double ModelMsPerFrame,
    double PreprocessMsPerFrame,
    double TrackingMsPerFrame,
    double TotalOverModel,
    double ManagedBytesPerFrame);
