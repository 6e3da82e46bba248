using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeMer.Core;

namespace EdgeMer.Messaging.Wire;

/// <summary>Writes <see cref="Modality"/> as its lower-case wire name (face, voice, body).</summary>
internal sealed class ModalityJsonConverter : JsonConverter<Modality>
{
    public override Modality Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("face"u8))
            {
                return Modality.Face;
            }

            if (reader.ValueTextEquals("voice"u8))
            {
                return Modality.Voice;
            }

            if (reader.ValueTextEquals("body"u8))
            {
                return Modality.Body;
            }
        }

        throw new JsonException("modality must be \"face\", \"voice\" or \"body\"");
    }

    public override void Write(Utf8JsonWriter writer, Modality value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Name(value));

    internal static string Name(Modality value) => value switch
    {
        Modality.Face => "face",
        Modality.Voice => "voice",
        Modality.Body => "body",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a modality"),
    };
}
