using Microsoft.Extensions.Options;

namespace EdgeMer.Messaging.Publishing;

/// <summary>Configuration of the <see cref="SummaryPublisher"/> (section <c>Messaging:Publisher</c>).</summary>
public sealed class SummaryPublisherOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Messaging:Publisher";

    /// <summary>This device's id on the wire: 1-64 of [A-Za-z0-9._+-].</summary>
    public string DeviceId { get; set; } = "";

    /// <summary>ZeroMQ endpoints the PUB socket binds, e.g. <c>tcp://0.0.0.0:5556</c>.</summary>
    public IList<string> Endpoints { get; set; } = [];

    /// <summary>
    /// Messages queued per subscriber; a subscriber whose queue is full loses new messages (it sees the
    /// gap in <c>sequence</c>) while the others go on receiving them.
    /// </summary>
    public int SendHighWaterMark { get; set; } = 1000;

    /// <summary>Messages waiting for the publisher thread before new ones are dropped (and counted).</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>
    /// The largest document the publisher sends. Every typed message fits in <see cref="Wire.WireSchemas.MaxMessageBytes"/>
    /// by construction; the check guards against a change that breaks that, and tests lower the limit to reach it.
    /// </summary>
    internal int MaxMessageBytes { get; set; } = Wire.WireSchemas.MaxMessageBytes;

    /// <summary>
    /// The kernel's send buffer per subscriber connection; -1 leaves the kernel's own (which grows to
    /// megabytes). Tests shrink it so that a burst stays in libzmq's queue, where only the close
    /// linger can still deliver it.
    /// </summary>
    internal int SendBufferBytes { get; set; } = -1;

    /// <summary>ZMTP heartbeat interval, so a vanished subscriber is noticed and its queue freed; zero disables.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every invalid key and what it allows (<see cref="SummaryPublisherOptionsValidator"/>).</summary>
    public void Validate() => OptionsCheck.ThrowIfInvalid(new SummaryPublisherOptionsValidator(), Section, this);
}
