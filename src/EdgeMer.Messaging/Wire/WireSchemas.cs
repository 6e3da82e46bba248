namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The schema identifiers carried in each document's <c>schema</c> field. The number is the
/// document's major version: it changes only when a change to the document would break an existing
/// subscriber. The frame layout around the document (<see cref="WireMessage"/>) is versioned with
/// the wire contract in docs/messages.md, not here.
/// </summary>
public static class WireSchemas
{
    public const string Summary = "edgemer.summary/1";

    public const string Alert = "edgemer.alert/1";

    public const string Health = "edgemer.health/1";

    /// <summary>Largest JSON document EdgeMer publishes, in bytes; a message adds its topic and a space.</summary>
    public const int MaxMessageBytes = 4096;
}
