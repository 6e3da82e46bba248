using System.Text.Json.Serialization;

namespace EdgeMer.Tools.Benchmarks;

// Source-generated JSON for the voice benchmark's report (Native AOT: no reflection).
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(VoiceBenchmarkReport))]
internal sealed partial class VoiceBenchmarkJsonContext : JsonSerializerContext;
