namespace EdgeMer.Host.Benchmarks;

/// <summary>What <c>edgemer bench ort</c> measured, in one run.</summary>
public sealed record OrtBenchmarkReport(
    string OnnxRuntimeVersion,
    int OnnxRuntimeApiVersion,
    string OnnxRuntimeLibrary,
    string Peer,
    int Iterations,
    int Warmup,
    IReadOnlyList<OrtBenchmarkCase> Cases);
