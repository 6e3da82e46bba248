using EdgeMer.Messaging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Bridge;

/// <summary>Checks <see cref="BridgeOptions"/>; each failure names the key and what it allows.</summary>
public sealed class BridgeOptionsValidator : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = BridgeOptions.Section;
        var failures = new List<string>();
        if (options.Devices is null || options.Devices.Count == 0)
        {
            failures.Add($"{s}:Devices must list at least one device, e.g. {{\"Endpoint\": \"tcp://192.0.2.10:5556\"}}");
        }
        else
        {
            bool curve = false;
            var endpoints = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < options.Devices.Count; i++)
            {
                BridgeDeviceOptions d = options.Devices[i];
                if (EndpointText.Problem(d.Endpoint) is { } problem)
                {
                    failures.Add($"{s}:Devices:{i}:Endpoint '{d.Endpoint}' {problem}");
                }
                else if (d.Endpoint.EndsWith(":*", StringComparison.Ordinal))
                {
                    failures.Add($"{s}:Devices:{i}:Endpoint '{d.Endpoint}' names no port: the bridge connects to a device's publisher");
                }
                else if (!endpoints.Add(d.Endpoint))
                {
                    failures.Add($"{s}:Devices:{i}:Endpoint '{d.Endpoint}' is listed twice");
                }

                if (d.Device is not null && !BridgeTopics.IsToken(d.Device, 64))
                {
                    failures.Add($"{s}:Devices:{i}:Device '{d.Device}' must be 1-64 characters of letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
                }

                if (d.ServerKey is not null)
                {
                    curve = true;
                    if (!File.Exists(d.ServerKey))
                    {
                        failures.Add($"{s}:Devices:{i}:ServerKey '{d.ServerKey}' does not exist (the device's public key file, NAME.key)");
                    }
                }
            }

            if (curve && options.ClientKeys is null)
            {
                failures.Add($"{s}:ClientKeys must name this bridge's secret key file (NAME.key_secret) when a device has a ServerKey");
            }
        }

        if (options.ClientKeys is not null && !File.Exists(options.ClientKeys))
        {
            failures.Add($"{s}:ClientKeys '{options.ClientKeys}' does not exist");
        }

        if (!BridgeTopics.IsToken(options.TopicPrefix, 64))
        {
            failures.Add($"{s}:TopicPrefix '{options.TopicPrefix}' must be 1-64 characters of letters, digits, '.', '_', '+' or '-' (no '/', '+' wildcards or '#')");
        }

        if (!BridgeTopics.IsToken(options.Id, 64))
        {
            failures.Add($"{s}:Id '{options.Id}' must be 1-64 characters of letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        }

        if (options.HealthInterval < TimeSpan.FromMilliseconds(100) || options.HealthInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{s}:HealthInterval {options.HealthInterval} must be from 00:00:00.1 to 01:00:00");
        }

        if (options.SummaryQueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{s}:SummaryQueueCapacity {options.SummaryQueueCapacity} must be from 1 to 1000000");
        }

        ValidateBroker(options.Broker, failures);
        if (options.AlertQueue is null || string.IsNullOrWhiteSpace(options.AlertQueue.Directory))
        {
            failures.Add($"{s}:AlertQueue:Directory must name the folder alerts wait in while the broker is away, e.g. /var/lib/edgemer-bridge/alerts");
        }
        else if (options.AlertQueue.Capacity is < 1 or > 1_000_000)
        {
            failures.Add($"{s}:AlertQueue:Capacity {options.AlertQueue.Capacity} must be from 1 to 1000000 alerts (each at most 4 KB on disk)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBroker(BrokerOptions? broker, List<string> failures)
    {
        const string b = BridgeOptions.Section + ":Broker";
        if (broker is null)
        {
            failures.Add($"{b} is missing");
            return;
        }

        if (string.IsNullOrWhiteSpace(broker.Host) || Uri.CheckHostName(broker.Host) == UriHostNameType.Unknown)
        {
            failures.Add($"{b}:Host '{broker.Host}' must be a host name or an IP address");
        }

        if (broker.Port is < 0 or > 65535)
        {
            failures.Add($"{b}:Port {broker.Port} must be from 1 to 65535 (0: 8883 with TLS, 1883 without)");
        }

        if (broker.ClientId is not null && (broker.ClientId.Length is 0 or > 64 || !broker.ClientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            failures.Add($"{b}:ClientId '{broker.ClientId}' must be 1-64 characters of letters, digits, '-', '_' or '.'");
        }

        if (broker.Password is not null && broker.PasswordFile is not null)
        {
            failures.Add($"{b}:Password and {b}:PasswordFile are both set; keep one (PasswordFile keeps the secret out of the configuration)");
        }

        if ((broker.Password is not null || broker.PasswordFile is not null) && string.IsNullOrEmpty(broker.Username))
        {
            failures.Add($"{b}:Username must be set when a password is");
        }

        if (broker.PasswordFile is not null && !File.Exists(broker.PasswordFile))
        {
            failures.Add($"{b}:PasswordFile '{broker.PasswordFile}' does not exist");
        }

        if (BrokerProtocols.Parse(broker.Protocol) is null)
        {
            failures.Add($"{b}:Protocol '{broker.Protocol}' must be auto (MQTT 5, falling back to 3.1.1), 5 or 3.1.1");
        }

        if (broker.KeepAlive < TimeSpan.FromSeconds(1) || broker.KeepAlive > TimeSpan.FromSeconds(65535))
        {
            failures.Add($"{b}:KeepAlive {broker.KeepAlive} must be from 00:00:01 to 18:12:15");
        }

        if (broker.SessionExpiry < TimeSpan.FromMinutes(1) || broker.SessionExpiry.TotalSeconds >= uint.MaxValue)
        {
            failures.Add($"{b}:SessionExpiry {broker.SessionExpiry} must be at least 00:01:00: alerts at QoS 1 need a session that outlives a reconnection");
        }

        if (broker.MaxReconnectDelay < TimeSpan.FromMilliseconds(100) || broker.MaxReconnectDelay > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{b}:MaxReconnectDelay {broker.MaxReconnectDelay} must be from 00:00:00.1 to 00:10:00");
        }

        BrokerTlsOptions tls = broker.Tls ?? new();
        if (!tls.Enabled)
        {
            if (tls.CaFile is not null || tls.ClientCertificate is not null || tls.ClientKey is not null)
            {
                failures.Add($"{b}:Tls:Enabled is false but Tls names certificate files: set Enabled to true, or remove them");
            }

            return;
        }

        foreach ((string key, string? path) in new[] { ("CaFile", tls.CaFile), ("ClientCertificate", tls.ClientCertificate), ("ClientKey", tls.ClientKey) })
        {
            if (path is not null && !File.Exists(path))
            {
                failures.Add($"{b}:Tls:{key} '{path}' does not exist");
            }
        }

        if ((tls.ClientCertificate is null) != (tls.ClientKey is null))
        {
            failures.Add($"{b}:Tls:ClientCertificate and {b}:Tls:ClientKey go together (the certificate and its private key, PEM)");
        }
    }
}
