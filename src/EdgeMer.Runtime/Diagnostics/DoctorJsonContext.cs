using EdgeMer.Platform;
using System.Text.Json.Serialization;

namespace EdgeMer.Runtime.Diagnostics;

// Source-generated JSON for `edgemer doctor --json` (Native AOT: no reflection).
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext;
