using System.Text.Json.Serialization;

namespace EdgeMer.Tools.Benchmarks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BridgeBenchmarkReport))]
internal sealed partial class BridgeBenchmarkJsonContext : JsonSerializerContext
{
}
