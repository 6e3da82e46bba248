namespace EdgeMer.Messaging.Publishing;

/// <summary>A snapshot of what a <see cref="SummaryPublisher"/> has done since it started.</summary>
/// <param name="Published">Messages handed to ZeroMQ.</param>
/// <param name="DroppedAtHighWaterMark">Messages a subscriber at its high-water mark could not take.</param>
/// <param name="DroppedQueueFull">Messages refused because the publisher thread was behind.</param>
/// <param name="DroppedOversized">Messages whose document exceeded <see cref="Wire.WireSchemas.MaxMessageBytes"/>: a bug in the message types, logged as an error.</param>
/// <param name="DroppedFailed">Messages the publisher thread failed to serialize or send (each one logged).</param>
/// <param name="Suppressed">Alerts withheld while the privacy switch was paused.</param>
public readonly record struct PublisherCounters(
    long Published,
    long DroppedAtHighWaterMark,
    long DroppedQueueFull,
    long DroppedOversized,
    long DroppedFailed,
    long Suppressed)
{
    /// <summary>All messages that never left the device.</summary>
    public long Dropped => DroppedAtHighWaterMark + DroppedQueueFull + DroppedOversized + DroppedFailed;
}
