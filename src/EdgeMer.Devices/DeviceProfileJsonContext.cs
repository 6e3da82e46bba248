using System.Text.Json.Serialization;

namespace EdgeMer.Devices;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectNullableAnnotations = true,
    Converters = [typeof(PurposeJsonConverter)])]
[JsonSerializable(typeof(DeviceProfile))]
internal sealed partial class DeviceProfileJsonContext : JsonSerializerContext;
