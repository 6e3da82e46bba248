namespace EdgeMer.Bridge;

/// <summary>
/// The <c>Bridge</c> section of <c>edgemer bridge</c>'s configuration: which devices to subscribe to,
/// which broker to publish to, and where alerts wait while the broker is away (docs/bridge.md).
/// </summary>
public sealed class BridgeOptions
{
    public const string Section = "Bridge";

    /// <summary>The devices' ZeroMQ publishers, one entry per device.</summary>
    public List<BridgeDeviceOptions> Devices { get; set; } = [];

    /// <summary>
    /// This bridge's CURVE key pair (NAME.key_secret), used for every device that names a
    /// <see cref="BridgeDeviceOptions.ServerKey"/>; its public key must be on each such device's allow-list.
    /// </summary>
    public string? ClientKeys { get; set; }

    /// <summary>The MQTT broker.</summary>
    public BrokerOptions Broker { get; set; } = new();

    /// <summary>The first level of every topic: <c>&lt;TopicPrefix&gt;/&lt;device&gt;/summary|alert|health</c>.</summary>
    public string TopicPrefix { get; set; } = "edgemer";

    /// <summary>The bridge's own id: its health goes to <c>&lt;TopicPrefix&gt;/bridge/&lt;Id&gt;/health</c>, and it is the default MQTT client id's tail.</summary>
    public string Id { get; set; } = "bridge";

    /// <summary>Publish summaries retained (the broker keeps the last one per device for new subscribers); they go at QoS 0 either way.</summary>
    public bool RetainSummaries { get; set; }

    /// <summary>Publish each device's health retained (the default), so a dashboard sees the last report at once.</summary>
    public bool RetainHealth { get; set; } = true;

    /// <summary>How often the bridge publishes its own health (and logs its counters).</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Summaries and health waiting for the broker, in memory (the oldest is dropped when full; while the broker is away only the latest per device and kind is kept).</summary>
    public int SummaryQueueCapacity { get; set; } = 4096;

    /// <summary>The on-disk queue of alerts.</summary>
    public AlertQueueOptions AlertQueue { get; set; } = new();
}

/// <summary>One device's ZeroMQ publisher.</summary>
public sealed class BridgeDeviceOptions
{
    /// <summary>The device's publisher, e.g. <c>tcp://192.0.2.10:5556</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The device id its messages must carry (their <c>device</c> field); null accepts the id each message carries.</summary>
    public string? Device { get; set; }

    /// <summary>The device's public CURVE key file (NAME.key); turns CURVE on for this device (needs <see cref="BridgeOptions.ClientKeys"/>).</summary>
    public string? ServerKey { get; set; }
}

/// <summary>The MQTT broker and how to reach it.</summary>
public sealed class BrokerOptions
{
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0: 8883 with TLS, 1883 without.</summary>
    public int Port { get; set; }

    /// <summary>The MQTT client id; the broker keeps the persistent session under it. Default: edgemer-&lt;Bridge:Id&gt;.</summary>
    public string? ClientId { get; set; }

    public string? Username { get; set; }

    /// <summary>The password; prefer <see cref="PasswordFile"/>, which keeps it out of the configuration file.</summary>
    public string? Password { get; set; }

    /// <summary>A file whose first line is the password.</summary>
    public string? PasswordFile { get; set; }

    /// <summary><c>auto</c> (MQTT 5, falling back to 3.1.1 when the broker refuses 5), <c>5</c> or <c>3.1.1</c>.</summary>
    public string Protocol { get; set; } = "auto";

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the broker keeps the bridge's session (MQTT 5; 3.1.1 keeps it until the broker's own limit).</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Longest wait between attempts to reach the broker (they start at 100 ms and double).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    public BrokerTlsOptions Tls { get; set; } = new();
}

/// <summary>TLS to the broker: the server is always verified; client certificates are optional.</summary>
public sealed class BrokerTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>PEM file of the certificate authorities the broker's certificate must chain to; null: the system's.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM file of this bridge's client certificate (with <see cref="ClientKey"/>).</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>PEM file of the client certificate's private key.</summary>
    public string? ClientKey { get; set; }

    /// <summary>The name the broker's certificate must carry; default: <see cref="BrokerOptions.Host"/>.</summary>
    public string? ServerName { get; set; }
}

/// <summary>The bounded on-disk queue alerts wait in until the broker acknowledges them.</summary>
public sealed class AlertQueueOptions
{
    /// <summary>The folder; created owner-only when missing.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The most alerts kept; when full, the oldest is dropped for the new one (counted).</summary>
    public int Capacity { get; set; } = 10_000;
}
