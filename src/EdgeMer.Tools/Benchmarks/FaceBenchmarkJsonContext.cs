using System.Text.Json.Serialization;

namespace EdgeMer.Tools.Benchmarks;

// Source-generated JSON for the face benchmark's report (Native AOT: no reflection).
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(FaceBenchmarkReport))]
internal sealed partial class FaceBenchmarkJsonContext : JsonSerializerContext;
