using System.Text.Json.Serialization;

namespace EdgeMer.Host.Benchmarks;

// Source-generated JSON for benchmark reports and the peer's output (Native AOT: no reflection).
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrtBenchmarkReport))]
[JsonSerializable(typeof(NodeOrtPeerResult))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
