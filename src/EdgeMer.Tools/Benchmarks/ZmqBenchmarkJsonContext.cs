using System.Text.Json.Serialization;

namespace EdgeMer.Tools.Benchmarks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ZmqBenchmarkReport))]
internal sealed partial class ZmqBenchmarkJsonContext : JsonSerializerContext
{
}
