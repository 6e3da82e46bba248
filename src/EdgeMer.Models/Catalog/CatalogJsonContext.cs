using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

[JsonSourceGenerationOptions(
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = false,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(ModelIndex))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
