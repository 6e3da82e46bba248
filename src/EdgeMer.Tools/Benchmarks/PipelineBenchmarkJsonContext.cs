using System.Text.Json.Serialization;

namespace EdgeMer.Tools.Benchmarks;

// Source-generated JSON for the pipeline benchmark's report (Native AOT: no reflection).
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(PipelineBenchmarkReport))]
internal sealed partial class PipelineBenchmarkJsonContext : JsonSerializerContext;
