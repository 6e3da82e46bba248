using EdgeMer.Messaging.Wire;

namespace EdgeMer.Bridge;

/// <summary>
/// The MQTT topics the bridge publishes on: <c>&lt;prefix&gt;/&lt;device&gt;/summary|alert|health</c> for
/// the devices' messages (from the ZeroMQ topics <c>emotion.summary</c>, <c>emotion.alert</c>, <c>health</c>)
/// and <c>&lt;prefix&gt;/bridge/&lt;id&gt;/health</c> for the bridge's own health.
/// </summary>
public static class BridgeTopics
{
    public static string For(string prefix, string device, MessageKind kind) => $"{prefix}/{device}/{Name(kind)}";

    public static string BridgeHealth(string prefix, string id) => $"{prefix}/bridge/{id}/health";

    public static string Name(MessageKind kind) => kind switch
    {
        MessageKind.Summary => "summary",
        MessageKind.Alert => "alert",
        MessageKind.Health => "health",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a message kind"),
    };

    /// <summary>The kind of a ZeroMQ topic, or null for a topic EdgeMer does not publish.</summary>
    public static MessageKind? KindOf(ReadOnlySpan<byte> zmqTopic) =>
        zmqTopic.SequenceEqual("emotion.summary"u8) ? MessageKind.Summary
        : zmqTopic.SequenceEqual("emotion.alert"u8) ? MessageKind.Alert
        : zmqTopic.SequenceEqual("health"u8) ? MessageKind.Health
        : null;

    internal static string ZmqTopic(MessageKind kind) => kind switch
    {
        MessageKind.Summary => WireTopics.Summary,
        MessageKind.Alert => WireTopics.Alert,
        _ => WireTopics.Health,
    };

    /// <summary>The identifier shape of the wire (docs/messages.md): it holds no '/', '+' or '#', so it is one MQTT topic level.</summary>
    public static bool IsToken(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The three kinds of message a device publishes.</summary>
public enum MessageKind
{
    Summary,
    Alert,
    Health,
}
