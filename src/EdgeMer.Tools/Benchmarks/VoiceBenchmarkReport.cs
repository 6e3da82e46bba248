namespace EdgeMer.Tools.Benchmarks;

/// <summary>What <c>edgemer bench voice</c> measured over the timed passes of its sound, on one thread.</summary>
public sealed record VoiceBenchmarkReport(
    string Sound,
    double SoundSeconds,
    int Passes,
    int WarmupPasses,
    int SamplesPerChunk,
    long Chunks,
    long SpeechSegments,
    string Cpu,
    IReadOnlyList<string> CpuFeatures,
    string OnnxRuntimeVersion,
    double ProcessingSeconds,
    double RealTimeFactor,
    double VadMs,
    double VadModelMs,
    long VadModelRuns,
    double VadOverModel,
    double AnalysisMsPerSegment,
    double ManagedBytesPerChunk);
