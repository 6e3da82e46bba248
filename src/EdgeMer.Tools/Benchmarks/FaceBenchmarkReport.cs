namespace EdgeMer.Tools.Benchmarks;

/// <summary>What <c>edgemer bench face</c> measured, per frame of the 640x480 clip (milliseconds, means over the timed frames).</summary>
public sealed record FaceBenchmarkReport(
    string Clip,
    int Width,
    int Height,
    int Frames,
    int WarmupFrames,
    double FacesPerFrame,
    string Cpu,
    IReadOnlyList<string> CpuFeatures,
    string SimdPath,
    string OnnxRuntimeVersion,
    int IntraOpThreads,
    IReadOnlyList<FaceBenchmarkStage> Stages,
    double PreprocessMs,
    double ModelMs,
    double PostprocessMs,
    double TotalMs,
    double TotalOverModel,
    double DetectorPreprocessOverDetectorModel,
    double ManagedBytesPerFrame,
    IReadOnlyList<PreprocessingComparison> Preprocessing);

/// <summary>One stage's mean time per frame, by phase, and how many model runs it made per frame.</summary>
public sealed record FaceBenchmarkStage(string Stage, string Models, double PreprocessMs, double ModelMs, double PostprocessMs, double ModelRunsPerFrame);

/// <summary>The same preprocessing job done by EdgeMer's own code and by SkiaSharp, mean microseconds per call.</summary>
public sealed record PreprocessingComparison(string Job, double EdgeMerMicroseconds, double SkiaSharpMicroseconds, double EdgeMerOverSkiaSharp);
