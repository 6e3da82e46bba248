using System.Text.Json.Serialization;

namespace EdgeMer.Tools.Benchmarks;

// Source-generated JSON for benchmark reports (Native AOT: no reflection).
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrtBenchmarkReport))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
