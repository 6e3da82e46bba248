using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// Writes a domain enumeration as its camel-case member name (<c>sensorLost</c>, <c>face</c>) and
/// reads exactly those names: a number, another case or an unknown name is an error, as the schema
/// says. (System.Text.Json's own string enum converter also reads names in any case.)
/// </summary>
internal sealed class CamelCaseEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly T[] s_values = Enum.GetValues<T>();
    private static readonly string[] s_names = Array.ConvertAll(s_values, value => JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (int i = 0; i < s_names.Length; i++)
            {
                if (reader.ValueTextEquals(s_names[i]))
                {
                    return s_values[i];
                }
            }
        }

        throw new JsonException($"{typeof(T).Name} must be one of {string.Join(", ", s_names)}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        int index = Array.IndexOf(s_values, value);
        if (index < 0)
        {
            throw new JsonException($"{value} is not a defined {typeof(T).Name}");
        }

        writer.WriteStringValue(s_names[index]);
    }
}
