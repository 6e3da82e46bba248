using System.Collections.Concurrent;

namespace EdgeMer.Bridge;

/// <summary>
/// The bridge's own figures: what it refused, what it published, what it dropped itself (apart
/// from the gaps it saw on ZeroMQ, per device in <see cref="DeviceCounters"/>), and the broker
/// connection. Reported in the bridge's health (docs/bridge.md). Safe to read from any thread.
/// </summary>
public sealed class BridgeCounters
{
    private readonly ConcurrentDictionary<string, DeviceCounters> _devices = new(StringComparer.Ordinal);
    internal long _malformed;
    internal long _oversized;
    internal long _unexpectedDevice;
    internal long _alertsPublished;
    internal long _summariesPublished;
    internal long _healthPublished;
    internal long _summariesReplaced;
    internal long _summariesDropped;
    internal long _connects;
    internal long _connectFailures;
    internal long _disconnects;
    internal long _publishFailures;
    internal long _alertsNotQueued;

    /// <summary>ZeroMQ messages refused because they were not an EdgeMer message the schema accepts (never forwarded).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>ZeroMQ messages refused because they were larger than the largest EdgeMer message (never forwarded).</summary>
    public long Oversized => Interlocked.Read(ref _oversized);

    /// <summary>Messages refused because their <c>device</c> was not the one configured for the endpoint, or is not usable as a topic level.</summary>
    public long UnexpectedDevice => Interlocked.Read(ref _unexpectedDevice);

    /// <summary>Alerts the broker acknowledged (QoS 1).</summary>
    public long AlertsPublished => Interlocked.Read(ref _alertsPublished);

    public long SummariesPublished => Interlocked.Read(ref _summariesPublished);

    public long HealthPublished => Interlocked.Read(ref _healthPublished);

    /// <summary>Summaries and health reports replaced by a later one of the same device while the broker was away (latest wins).</summary>
    public long SummariesReplaced => Interlocked.Read(ref _summariesReplaced);

    /// <summary>Summaries and health reports dropped because the in-memory queue was full (the oldest first).</summary>
    public long SummariesDropped => Interlocked.Read(ref _summariesDropped);

    public long Connects => Interlocked.Read(ref _connects);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    public long Disconnects => Interlocked.Read(ref _disconnects);

    /// <summary>Publications that failed because the connection broke (alerts are kept and sent again).</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Alerts lost because the disk refused to queue them (full, read-only).</summary>
    public long AlertsNotQueued => Interlocked.Read(ref _alertsNotQueued);

    /// <summary>Whether the bridge is connected to the broker now.</summary>
    public bool Connected { get; internal set; }

    /// <summary>The MQTT version of the connection now or last made ("5", "3.1.1"), null before the first.</summary>
    public string? Protocol { get; internal set; }

    /// <summary>Why the last attempt to reach the broker failed, null once connected.</summary>
    public string? LastConnectError { get; internal set; }

    /// <summary>Each device seen so far, by device id.</summary>
    public IReadOnlyDictionary<string, DeviceCounters> Devices => _devices;

    internal DeviceCounters Device(string device) => _devices.GetOrAdd(device, static d => new DeviceCounters(d));
}
