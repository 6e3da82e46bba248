namespace EdgeMer.Messaging.Publishing;

/// <summary>A snapshot of what a <see cref="SummaryPublisher"/> has done since it started.</summary>
/// <param name="Published">Messages handed to ZeroMQ (each subscriber whose queue had room receives it).</param>
/// <param name="DroppedQueueFull">Messages refused because the publisher thread was behind.</param>
/// <param name="DroppedOversized">Messages whose document exceeded <see cref="Wire.WireSchemas.MaxMessageBytes"/>: a bug in the message types, logged as an error.</param>
/// <param name="DroppedFailed">Messages the publisher thread failed to serialize or send (each one logged).</param>
/// <param name="Suppressed">Alerts withheld while the privacy switch was paused.</param>
/// <remarks>
/// Only what the device itself dropped: a subscriber whose own queue is full loses messages without
/// libzmq telling the publisher, and sees them missing from <c>sequence</c>.
/// </remarks>
public readonly record struct PublisherCounters(
    long Published,
    long DroppedQueueFull,
    long DroppedOversized,
    long DroppedFailed,
    long Suppressed)
{
    /// <summary>All messages the device dropped before they reached ZeroMQ.</summary>
    public long Dropped => DroppedQueueFull + DroppedOversized + DroppedFailed;
}
