using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Devices;

/// <summary>Reads a profile's purpose by its name (<see cref="Purposes"/>); any other value is an error listing the allowed names.</summary>
internal sealed class PurposeJsonConverter : JsonConverter<Purpose>
{
    public override Purpose Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Purposes.TryParse(name, out Purpose purpose)
            ? purpose
            : throw new JsonException($"is {(name is null ? reader.TokenType.ToString().ToLowerInvariant() : $"'{name}'")}; allowed: {string.Join(", ", Purposes.Names.ToArray())}");
    }

    public override void Write(Utf8JsonWriter writer, Purpose value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Purposes.Name(value));
}
