using System.Text;
using System.Text.Json;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// EdgeMer's message layout, and reading a message back into its typed form. A message is one ZeroMQ
/// frame: the topic, one space (<see cref="WireTopics.Separator"/>), then the JSON document. Parsing
/// checks that the topic, the schema identifier and every field agree with the schema. For
/// subscribers in .NET.
/// </summary>
public static class WireMessage
{
    /// <summary>The most bytes a message can hold: the longest topic (<see cref="WireTopics.Summary"/>), the separator and the largest document.</summary>
    public static int MaxBytes => WireTopics.Summary.Length + 1 + WireSchemas.MaxMessageBytes;

    // Unknown topics are quoted in errors; a frame of junk should not make a 4 KB error message.
    private const int MaxQuotedTopicBytes = 64;

    /// <summary>Parses one received frame; throws <see cref="FormatException"/> naming the problem.</summary>
    public static object Parse(ReadOnlySpan<byte> message)
    {
        Split(message, out ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> document);
        return Parse(topic, document);
    }

    /// <summary>
    /// Splits a received frame at its first space into the topic and the JSON document; throws
    /// <see cref="FormatException"/> when the frame has no topic.
    /// </summary>
    public static void Split(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> document)
    {
        int separator = message.IndexOf(WireTopics.Separator);
        if (separator <= 0)
        {
            throw new FormatException(message.IsEmpty
                ? "empty message: an EdgeMer message is one frame holding the topic, a space and the JSON document"
                : $"a message of {message.Length} bytes without a topic: an EdgeMer message is one frame holding the topic, a space and the JSON document");
        }

        topic = message[..separator];
        document = message[(separator + 1)..];
    }

    /// <summary>Parses a summary, alert or health document published on <paramref name="topic"/>; throws <see cref="FormatException"/> naming the problem.</summary>
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
            throw new FormatException($"invalid {Quote(topic)} message: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"invalid {Quote(topic)} message: {e.Message}", e);
        }

        throw new FormatException($"unknown topic '{Quote(topic)}' (EdgeMer publishes {WireTopics.Summary}, {WireTopics.Alert} and {WireTopics.Health})");
    }

    private static string Quote(ReadOnlySpan<byte> topic) =>
        topic.Length <= MaxQuotedTopicBytes
            ? Encoding.UTF8.GetString(topic)
            : $"{Encoding.UTF8.GetString(topic[..MaxQuotedTopicBytes])}... ({topic.Length} bytes)";

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
