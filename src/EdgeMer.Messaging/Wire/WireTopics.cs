namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The topics EdgeMer publishes on. A message is one ZeroMQ frame: the topic, one space
/// (<see cref="Separator"/>), then the JSON document. Subscriptions match the start of the frame, so
/// "emotion." gets both emotion topics and "health " (with its space) exactly the health topic.
/// </summary>
public static class WireTopics
{
    public const string Summary = "emotion.summary";

    public const string Alert = "emotion.alert";

    public const string Health = "health";

    /// <summary>The byte between the topic and the JSON document: a space, which no topic contains.</summary>
    public const byte Separator = (byte)' ';
}
