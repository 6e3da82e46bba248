using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The publisher's own counts since start, sent with every health message. A subscriber can tell
/// drops apart from its own losses: <see cref="Dropped"/> counts what never left the device.
/// </summary>
public sealed class EgressCounters
{
    [JsonConstructor]
    public EgressCounters(long published, long dropped, long suppressed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(published);
        ArgumentOutOfRangeException.ThrowIfNegative(dropped);
        ArgumentOutOfRangeException.ThrowIfNegative(suppressed);
        Published = published;
        Dropped = dropped;
        Suppressed = suppressed;
    }

    /// <summary>Messages handed to ZeroMQ.</summary>
    public long Published { get; }

    /// <summary>Messages dropped because a subscriber was at its high-water mark or the queue was full.</summary>
    public long Dropped { get; }

    /// <summary>Alerts withheld while paused.</summary>
    public long Suppressed { get; }
}
