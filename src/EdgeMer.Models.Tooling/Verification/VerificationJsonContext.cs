using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Verification;

// Source-generated JSON for `edgemer models verify --json` (Native AOT: no reflection). A difference
// that is not a number (a NaN output) is reported as "Infinity" rather than failing the report.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(VerificationReport))]
internal sealed partial class VerificationJsonContext : JsonSerializerContext;
