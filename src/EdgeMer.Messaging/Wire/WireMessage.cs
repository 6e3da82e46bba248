using System.Text;
using System.Text.Json;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// Reads a published message (topic frame + JSON frame) back into its typed form, checking that the
/// topic, the schema identifier and every field agree with the schema. For subscribers in .NET.
/// </summary>
public static class WireMessage
{
    /// <summary>Parses a summary, alert or health message; throws <see cref="FormatException"/> naming the problem.</summary>
    public static object Parse(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > WireSchemas.MaxMessageBytes)
        {
            throw new FormatException($"message of {payload.Length} bytes exceeds the {WireSchemas.MaxMessageBytes}-byte limit");
        }

        try
        {
            if (topic.SequenceEqual("emotion.summary"u8))
            {
                SummaryMessage message = JsonSerializer.Deserialize(payload, WireJsonContext.Default.SummaryMessage) ?? throw new FormatException("null summary");
                CheckEnvelope(message.Schema, WireSchemas.Summary, message.Device, message.Sequence);
                return message;
            }

            if (topic.SequenceEqual("emotion.alert"u8))
            {
                AlertMessage message = JsonSerializer.Deserialize(payload, WireJsonContext.Default.AlertMessage) ?? throw new FormatException("null alert");
                CheckEnvelope(message.Schema, WireSchemas.Alert, message.Device, message.Sequence);
                return message;
            }

            if (topic.SequenceEqual("health"u8))
            {
                HealthMessage message = JsonSerializer.Deserialize(payload, WireJsonContext.Default.HealthMessage) ?? throw new FormatException("null health");
                CheckEnvelope(message.Schema, WireSchemas.Health, message.Device, message.Sequence);
                return message;
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid {Encoding.UTF8.GetString(topic)} message: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"invalid {Encoding.UTF8.GetString(topic)} message: {e.Message}", e);
        }

        throw new FormatException($"unknown topic '{Encoding.UTF8.GetString(topic)}'");
    }

    private static void CheckEnvelope(string schema, string expected, string device, long sequence)
    {
        if (!string.Equals(schema, expected, StringComparison.Ordinal))
        {
            throw new FormatException($"schema is '{schema}', expected '{expected}'");
        }

        if (!WireCheck.IsToken(device, 64))
        {
            throw new FormatException($"device '{device}' is not a device id");
        }

        if (sequence < 0)
        {
            throw new FormatException($"sequence {sequence} is negative");
        }
    }
}
