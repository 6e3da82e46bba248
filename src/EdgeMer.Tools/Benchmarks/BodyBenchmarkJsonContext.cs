using System.Text.Json.Serialization;

namespace EdgeMer.Tools.Benchmarks;

// Source-generated JSON for the body benchmark's report (Native AOT: no reflection).
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BodyBenchmarkReport))]
internal sealed partial class BodyBenchmarkJsonContext : JsonSerializerContext;
