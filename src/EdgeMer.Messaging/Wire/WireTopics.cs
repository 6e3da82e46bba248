namespace EdgeMer.Messaging.Wire;

/// <summary>The ZeroMQ topics (first frame) EdgeMer publishes on. Subscribing to "emotion." gets both emotion topics.</summary>
public static class WireTopics
{
    public const string Summary = "emotion.summary";

    public const string Alert = "emotion.alert";

    public const string Health = "health";
}
