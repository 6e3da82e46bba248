using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The publisher's own counts since start, sent with every health message. A subscriber can tell
/// drops apart from its own losses: <see cref="Dropped"/> counts what never left the device, and
/// <see cref="Oversized"/> and <see cref="Failed"/> single out the drops that are faults in the
/// device rather than congestion.
/// </summary>
public sealed class EgressCounters
{
    [JsonConstructor]
    public EgressCounters(long published, long dropped, long suppressed, long oversized = 0, long failed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(published);
        ArgumentOutOfRangeException.ThrowIfNegative(dropped);
        ArgumentOutOfRangeException.ThrowIfNegative(suppressed);
        ArgumentOutOfRangeException.ThrowIfNegative(oversized);
        ArgumentOutOfRangeException.ThrowIfNegative(failed);
        if (oversized + failed > dropped)
        {
            throw new ArgumentException($"oversized ({oversized}) and failed ({failed}) are part of dropped ({dropped}), so cannot exceed it");
        }

        Published = published;
        Dropped = dropped;
        Suppressed = suppressed;
        Oversized = oversized;
        Failed = failed;
    }

    /// <summary>Messages handed to ZeroMQ.</summary>
    public long Published { get; }

    /// <summary>
    /// Messages that never left the device: a subscriber was at its high-water mark, the queue was
    /// full, or one of the faults below.
    /// </summary>
    public long Dropped { get; }

    /// <summary>Alerts withheld while paused.</summary>
    public long Suppressed { get; }

    /// <summary>Of <see cref="Dropped"/>: messages over the 4096-byte document limit (a device bug; 0 when absent, as from earlier versions).</summary>
    public long Oversized { get; }

    /// <summary>Of <see cref="Dropped"/>: messages the publisher failed to serialize or send (0 when absent, as from earlier versions).</summary>
    public long Failed { get; }
}
