namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The schema identifiers carried in each message's <c>schema</c> field. The number is the major
/// version: it changes only when a change would break an existing subscriber (docs/messages.md).
/// </summary>
public static class WireSchemas
{
    public const string Summary = "edgemer.summary/1";

    public const string Alert = "edgemer.alert/1";

    public const string Health = "edgemer.health/1";

    /// <summary>Largest message EdgeMer publishes, in bytes of JSON.</summary>
    public const int MaxMessageBytes = 4096;
}
