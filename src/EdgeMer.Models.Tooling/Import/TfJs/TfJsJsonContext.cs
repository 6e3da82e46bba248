using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>Source-generated JSON metadata for model.json (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(TfJsModelFile))]
internal sealed partial class TfJsJsonContext : JsonSerializerContext;
