using System.Text.Json.Serialization;

namespace EdgeMer.Host.Benchmarks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ZmqBenchmarkReport))]
internal sealed partial class ZmqBenchmarkJsonContext : JsonSerializerContext
{
}
