namespace EdgeMer.Tools.Benchmarks;

/// <summary>What <c>edgemer bench ort</c> measured, in one run.</summary>
/// <param name="OnnxRuntimeVersion">The native library's version.</param>
/// <param name="OnnxRuntimeApiVersion">The C API version EdgeMer uses.</param>
/// <param name="OnnxRuntimeLibrary">The one native library both APIs ran on.</param>
/// <param name="OfficialApi">The official managed API, for example "Microsoft.ML.OnnxRuntime 1.31.1".</param>
/// <param name="Cpu">The CPU model.</param>
/// <param name="CpuFeatures">The CPU features that decide ONNX Runtime's kernels (AVX2, AVX-512, VNNI, NEON, ...).</param>
/// <param name="IntraOpThreads">Intra-op threads of every session (inter-op: 1, sequential, full graph optimisation).</param>
/// <param name="Rounds">Each path's calls are split into this many rounds, the four paths taking turns in rotating order.</param>
/// <param name="Warmup">Untimed calls per path before timing.</param>
/// <param name="Cases">One per model.</param>
/// <param name="Skipped">Models that could not be measured, each with the reason.</param>
public sealed record OrtBenchmarkReport(
    string OnnxRuntimeVersion,
    int OnnxRuntimeApiVersion,
    string OnnxRuntimeLibrary,
    string OfficialApi,
    string Cpu,
    IReadOnlyList<string> CpuFeatures,
    int IntraOpThreads,
    int Rounds,
    int Warmup,
    IReadOnlyList<OrtBenchmarkCase> Cases,
    IReadOnlyList<string> Skipped);
