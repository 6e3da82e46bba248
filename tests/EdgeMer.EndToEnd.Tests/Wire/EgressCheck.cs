using System.Text;
using EdgeMer.Messaging.Tests.Schema;
using EdgeMer.Messaging.Wire;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// Judges a recorded connection: the device side may hold only ZMTP's own READY (socket type PUB)
/// and heartbeats, and messages that are exactly one frame: a known topic, a space and a JSON
/// document of at most 4 KB that the published schema accepts for that topic. The subscriber side may hold only READY (SUB),
/// heartbeats and subscriptions.
/// </summary>
public static class EgressCheck
{
    private static readonly JsonSchemaValidator s_schema =
        JsonSchemaValidator.Load(Path.Combine(RepoPaths.Root, "docs", "schema", "edgemer-messages.v1.schema.json"));

    private static readonly Dictionary<string, string> s_definitions = new(StringComparer.Ordinal)
    {
        [WireTopics.Summary] = "summaryMessage",
        [WireTopics.Alert] = "alertMessage",
        [WireTopics.Health] = "healthMessage",
    };

    public static IReadOnlyList<string> DeviceSideProblems(ZmtpTranscript transcript)
    {
        var problems = new List<string>();
        foreach (ZmtpCommand command in transcript.Commands)
        {
            switch (command.Name)
            {
                case "READY":
                    foreach ((string name, byte[] value) in command.Properties)
                    {
                        bool allowed = (name == "Socket-Type" && Encoding.ASCII.GetString(value) == "PUB") || (name == "Identity" && value.Length == 0);
                        if (!allowed)
                        {
                            problems.Add($"READY carries {name}={Convert.ToHexString(value)}");
                        }
                    }

                    break;
                case "PING" or "PONG":
                    break;
                default:
                    problems.Add($"unexpected command {command.Name} ({command.Data.Length} bytes)");
                    break;
            }
        }

        for (int i = 0; i < transcript.Messages.Count; i++)
        {
            List<byte[]> frames = transcript.Messages[i];
            if (frames.Count != 1)
            {
                problems.Add($"message {i} has {frames.Count} frames, not one frame of topic, space and JSON");
                continue;
            }

            byte[] message = frames[0];
            int separator = Array.IndexOf(message, WireTopics.Separator);
            if (separator <= 0)
            {
                problems.Add($"message {i} has no topic followed by a space");
                continue;
            }

            string topic = Encoding.UTF8.GetString(message, 0, separator);
            if (!s_definitions.TryGetValue(topic, out string? definition))
            {
                problems.Add($"message {i} on unknown topic '{topic}'");
                continue;
            }

            int documentBytes = message.Length - separator - 1;
            if (documentBytes > WireSchemas.MaxMessageBytes)
            {
                problems.Add($"message {i} holds a {documentBytes}-byte document");
                continue;
            }

            string json;
            try
            {
                json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(message, separator + 1, documentBytes);
                IReadOnlyList<string> errors = s_schema.Validate(json, definition);
                if (errors.Count > 0)
                {
                    problems.Add($"message {i} ({topic}) fails the schema: {errors[0]}");
                    continue;
                }

                WireMessage.Parse(message);
            }
            catch (Exception e) when (e is DecoderFallbackException or System.Text.Json.JsonException or FormatException)
            {
                problems.Add($"message {i} ({topic}) is not a valid message: {e.Message}");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> SubscriberSideProblems(ZmtpTranscript transcript)
    {
        var problems = new List<string>();
        foreach (ZmtpCommand command in transcript.Commands)
        {
            bool allowed = command.Name switch
            {
                "READY" => command.Properties.TryGetValue("Socket-Type", out byte[]? type) && Encoding.ASCII.GetString(type) == "SUB",
                "PING" or "PONG" or "SUBSCRIBE" or "CANCEL" => true,
                _ => false,
            };
            if (!allowed)
            {
                problems.Add($"unexpected command {command.Name} from the subscriber");
            }
        }

        foreach (List<byte[]> message in transcript.Messages)
        {
            // ZMTP 3.0 subscriptions: one frame, 1 (subscribe) or 0 (cancel) then the topic prefix.
            if (message.Count != 1 || message[0].Length == 0 || message[0][0] > 1)
            {
                problems.Add("the subscriber sent something other than a subscription");
            }
        }

        return problems;
    }
}
