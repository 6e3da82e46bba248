using System.Text.Json.Serialization;

namespace EdgeMer.Bridge;

/// <summary>
/// The bridge's own health, published retained on <c>&lt;prefix&gt;/bridge/&lt;id&gt;/health</c> (schema
/// <c>edgemer.bridge-health/1</c>): its counters, the alert queue and each device's gaps.
/// </summary>
public sealed record BridgeHealth(
    string Schema,
    string Bridge,
    DateTimeOffset Time,
    double UptimeSeconds,
    BridgeBrokerHealth Broker,
    BridgeQueueHealth AlertQueue,
    BridgeIntakeHealth Intake,
    BridgePublishedHealth Published,
    IReadOnlyList<BridgeDeviceHealth> Devices)
{
    public const string SchemaId = "edgemer.bridge-health/1";
}

/// <summary>The broker connection: whether it is up, the MQTT version, attempts and failures.</summary>
public sealed record BridgeBrokerHealth(bool Connected, string? Protocol, long Connects, long ConnectFailures, long Disconnects, long PublishFailures, string? LastError);

/// <summary>The alert queue: waiting, its bound, alerts the bridge itself dropped because it was full, and alerts the disk refused.</summary>
public sealed record BridgeQueueHealth(int Queued, int Capacity, long Dropped, long Failed);

/// <summary>ZeroMQ messages refused (never forwarded), and summaries the bridge itself dropped or replaced.</summary>
public sealed record BridgeIntakeHealth(long Malformed, long Oversized, long UnexpectedDevice, long SummariesReplaced, long SummariesDropped);

/// <summary>Messages the broker took: alerts acknowledged at QoS 1, summaries and health sent.</summary>
public sealed record BridgePublishedHealth(long Alerts, long Summaries, long Health);

/// <summary>One device: messages received per kind and the sequence numbers missing per kind (lost before the bridge).</summary>
public sealed record BridgeDeviceHealth(string Device, BridgeKindCounts Received, BridgeKindCounts Missing, long Restarts);

public sealed record BridgeKindCounts(long Summary, long Alert, long Health);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BridgeHealth))]
public sealed partial class BridgeJsonContext : JsonSerializerContext;
