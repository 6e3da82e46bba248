using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeMer.Bridge;

/// <summary>
/// <c>edgemer bridge</c>: takes the summaries, alerts and health of one or many devices from their
/// ZeroMQ publishers and publishes each document unchanged to an MQTT broker on
/// <c>&lt;prefix&gt;/&lt;device&gt;/summary|alert|health</c> (docs/bridge.md).
/// Alerts go into the on-disk <see cref="AlertBacklog"/> first and leave it only once the broker has
/// acknowledged them at QoS 1, in order (at-least-once). Summaries and health go at QoS 0 (retained
/// if configured); while the broker is away only the latest per device and kind is kept.
/// </summary>
public sealed partial class MqttBridge : IAsyncDisposable
{
    private readonly BridgeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AlertBacklog _alerts;
    private readonly Channel<Pending> _summaries;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<(string Device, MessageKind Kind), ReadOnlyMemory<byte>> _latest = [];
    private readonly MqttProtocolVersion[] _protocols;
    private readonly string _clientId;
    private readonly string? _password;
    private readonly X509Certificate2Collection? _trusted;
    private readonly X509Certificate2Collection? _clientCertificates;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _startedAt;
    private ZmqIntake? _intake;
    private MqttClient? _client;
    private Task? _forwarding;
    private int _protocolIndex;

    private MqttBridge(BridgeOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _startedAt = time.GetTimestamp();
        _protocols = BrokerProtocols.Parse(options.Broker.Protocol)!;
        _clientId = options.Broker.ClientId ?? $"edgemer-{options.Id}";
        _password = options.Broker.PasswordFile is { } file
            ? File.ReadLines(file).FirstOrDefault() ?? throw new InvalidDataException($"{BridgeOptions.Section}:Broker:PasswordFile '{file}' is empty")
            : options.Broker.Password;
        BrokerTlsOptions tls = options.Broker.Tls;
        if (tls.Enabled && tls.CaFile is { } ca)
        {
            _trusted = [];
            _trusted.ImportFromPemFile(ca);
            if (_trusted.Count == 0)
            {
                throw new InvalidDataException($"{BridgeOptions.Section}:Broker:Tls:CaFile '{ca}' holds no PEM certificate");
            }
        }

        if (tls.Enabled && tls.ClientCertificate is { } certificate)
        {
            _clientCertificates = [X509Certificate2.CreateFromPemFile(certificate, tls.ClientKey)];
        }

        _alerts = AlertBacklog.Open(options.AlertQueue.Directory, options.AlertQueue.Capacity);
        _summaries = Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(options.SummaryQueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref Counters._summariesDropped));
    }

    /// <summary>The bridge's figures (also in its published health).</summary>
    public BridgeCounters Counters { get; } = new();

    /// <summary>The alerts waiting for the broker.</summary>
    public AlertBacklog Alerts => _alerts;

    /// <summary>
    /// Checks <paramref name="options"/> (an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
    /// naming each problem), opens the alert queue, subscribes to every device and starts publishing.
    /// </summary>
    public static MqttBridge Start(BridgeOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new BridgeOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions), result.Failures);
        }

        var bridge = new MqttBridge(options, logger ?? NullLogger.Instance, time ?? TimeProvider.System);
        try
        {
            bridge.StartCore();
        }
        catch
        {
            bridge._stop.Cancel();
            bridge._intake?.Dispose();
            bridge._client?.Dispose();
            throw;
        }

        return bridge;
    }

    private void StartCore()
    {
        LogStarting(_logger, _options.Devices.Count, _options.Broker.Host, Port, _options.Broker.Tls.Enabled ? "TLS" : "plain", _alerts.Count, _alerts.Capacity);
        _client = TcpOnlyClientAdapterFactory.CreateClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _intake = new ZmqIntake(_options, Counters, Receive, _logger);
        _intake.Start();
        _forwarding = Task.Run(() => ForwardAsync(_stop.Token));
    }

    private int Port => _options.Broker.Port != 0 ? _options.Broker.Port : _options.Broker.Tls.Enabled ? 8883 : 1883;

    /// <summary>The bridge's health now, as published.</summary>
    public BridgeHealth Health()
    {
        BridgeCounters c = Counters;
        var devices = c.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal).Select(d => new BridgeDeviceHealth(
            d.Device,
            new BridgeKindCounts(d.Received(MessageKind.Summary), d.Received(MessageKind.Alert), d.Received(MessageKind.Health)),
            new BridgeKindCounts(d.Missing(MessageKind.Summary), d.Missing(MessageKind.Alert), d.Missing(MessageKind.Health)),
            d.Restarts(MessageKind.Summary) + d.Restarts(MessageKind.Alert) + d.Restarts(MessageKind.Health))).ToList();
        return new BridgeHealth(
            BridgeHealth.SchemaId,
            _options.Id,
            _time.GetUtcNow(),
            Math.Round(_time.GetElapsedTime(_startedAt).TotalSeconds, 3),
            new BridgeBrokerHealth(c.Connected, c.Protocol, c.Connects, c.ConnectFailures, c.Disconnects, c.PublishFailures, c.LastConnectError),
            new BridgeQueueHealth(_alerts.Count, _alerts.Capacity, _alerts.Dropped, c.AlertsNotQueued),
            new BridgeIntakeHealth(c.Malformed, c.Oversized, c.UnexpectedDevice, c.SummariesReplaced, c.SummariesDropped),
            new BridgePublishedHealth(c.AlertsPublished, c.SummariesPublished, c.HealthPublished),
            devices);
    }

    public async ValueTask DisposeAsync()
    {
        _intake?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_forwarding is not null)
        {
            try
            {
                await _forwarding.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_client is not null)
        {
            _client.DisconnectedAsync -= OnDisconnectedAsync;
            if (_client.IsConnected)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
                {
                }
            }

            _client.Dispose();
        }

        _stop.Dispose();
        LogStopped(_logger, _alerts.Count);
    }

    // On the intake thread.
    private void Receive(MessageKind kind, string device, ReadOnlyMemory<byte> document)
    {
        if (kind == MessageKind.Alert)
        {
            try
            {
                _alerts.Enqueue(device, document.Span);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The disk refused it (full, read-only): the one way an alert is lost, so it is loud.
                Interlocked.Increment(ref Counters._alertsNotQueued);
                LogQueueFailed(_logger, device, e.Message);
            }

            _wake.Writer.TryWrite(true);
        }
        else
        {
            _summaries.Writer.TryWrite(new Pending(device, kind, document));
        }
    }

    private async Task ForwardAsync(CancellationToken stop)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(100);
        long nextHealth = 0;
        while (!stop.IsCancellationRequested)
        {
            if (!_client!.IsConnected)
            {
                Counters.Connected = false;

                // What came while the broker was away is latest-wins, also what came after the last wait
                // below, before this attempt: once connected, the channel's summaries go out one by one.
                KeepLatest();
                if (await TryConnectAsync(stop).ConfigureAwait(false))
                {
                    delay = TimeSpan.FromMilliseconds(100);
                    continue;
                }

                // Wait before the next attempt; keep only the latest summary and health per device meanwhile.
                long until = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
                while (!stop.IsCancellationRequested && _time.GetTimestamp() < until)
                {
                    KeepLatest();
                    TimeSpan left = _time.GetElapsedTime(_time.GetTimestamp(), until);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    wait.CancelAfter(left);
                    try
                    {
                        await _summaries.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.Broker.MaxReconnectDelay.Ticks));
                continue;
            }

            Pending? inHand = null;
            try
            {
                await PublishAlertsAsync(stop).ConfigureAwait(false);
                foreach (((string device, MessageKind kind), ReadOnlyMemory<byte> document) in _latest.ToArray())
                {
                    inHand = new Pending(device, kind, document);
                    await PublishLatestWinsAsync(inHand.Value, stop).ConfigureAwait(false);
                    _latest.Remove((device, kind));
                    inHand = null;
                }

                for (int n = 0; n < 1024 && _summaries.Reader.TryRead(out Pending pending); n++)
                {
                    inHand = pending;
                    await PublishLatestWinsAsync(pending, stop).ConfigureAwait(false);
                    inHand = null;
                }

                if (_time.GetTimestamp() >= nextHealth)
                {
                    await PublishOwnHealthAsync(stop).ConfigureAwait(false);
                    nextHealth = _time.GetTimestamp() + (long)(_options.HealthInterval.TotalSeconds * _time.TimestampFrequency);
                }

                if (_alerts.Count == 0 && _summaries.Reader.Count == 0)
                {
                    await WaitForWorkAsync(_time.GetElapsedTime(_time.GetTimestamp(), nextHealth), stop).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Whatever went wrong (the connection broke under a publication, the broker refused
                // one, the disk failed a read), the forwarder goes on: alerts stay queued.
                Interlocked.Increment(ref Counters._publishFailures);
                if (inHand is { } lost)
                {
                    KeepLatest(lost);
                }

                LogPublishFailed(_logger, Describe(e));
                if (_client.IsConnected)
                {
                    // The broker refused a publication (e.g. not authorized): wait before trying again.
                    await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.Broker.MaxReconnectDelay.Ticks));
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Stopping under a publication: queued alerts stay on disk for the next start.
                return;
            }
        }
    }

    private async Task WaitForWorkAsync(TimeSpan most, CancellationToken stop)
    {
        if (most <= TimeSpan.Zero)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        wait.CancelAfter(most);
        try
        {
            Task summaries = _summaries.Reader.WaitToReadAsync(wait.Token).AsTask();
            Task alerts = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
            await Task.WhenAny(summaries, alerts).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await wait.CancelAsync().ConfigureAwait(false);
            _wake.Reader.TryRead(out _);
        }
    }

    private async Task PublishAlertsAsync(CancellationToken stop)
    {
        while (_alerts.TryPeek(out QueuedAlert alert))
        {
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(BridgeTopics.For(_options.TopicPrefix, alert.Device, MessageKind.Alert))
                .WithPayload(alert.Document.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithContentType(CurrentProtocolIsFive ? "application/json" : null)
                .Build();
            MqttClientPublishResult result = await _client!.PublishAsync(message, stop).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw new BrokerRefusedException($"the broker refused alert {alert.Id} of {alert.Device}: {result.ReasonCode} {result.ReasonString}");
            }

            _alerts.Remove(alert);
            Interlocked.Increment(ref Counters._alertsPublished);
        }
    }

    private bool CurrentProtocolIsFive => _protocols[_protocolIndex] == MqttProtocolVersion.V500;

    private async Task PublishLatestWinsAsync(Pending pending, CancellationToken stop)
    {
        bool retain = pending.Kind == MessageKind.Summary ? _options.RetainSummaries : _options.RetainHealth;
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(BridgeTopics.For(_options.TopicPrefix, pending.Device, pending.Kind))
            .WithPayload(pending.Document.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .WithRetainFlag(retain)
            .Build();
        await _client!.PublishAsync(message, stop).ConfigureAwait(false);
        Interlocked.Increment(ref pending.Kind == MessageKind.Summary ? ref Counters._summariesPublished : ref Counters._healthPublished);
    }

    private async Task PublishOwnHealthAsync(CancellationToken stop)
    {
        BridgeHealth health = Health();
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(BridgeTopics.BridgeHealth(_options.TopicPrefix, _options.Id))
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(health, BridgeJsonContext.Default.BridgeHealth))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .WithRetainFlag(true)
            .Build();
        await _client!.PublishAsync(message, stop).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            long refused = health.Intake.Malformed + health.Intake.Oversized + health.Intake.UnexpectedDevice;
            long missing = health.Devices.Sum(d => d.Missing.Summary + d.Missing.Alert + d.Missing.Health);
            LogHealth(_logger, health.Published.Alerts, health.Published.Summaries, health.AlertQueue.Queued, health.AlertQueue.Dropped, refused, missing);
        }
    }

    private void KeepLatest()
    {
        while (_summaries.Reader.TryRead(out Pending pending))
        {
            KeepLatest(pending);
        }
    }

    private void KeepLatest(Pending pending)
    {
        if (_latest.ContainsKey((pending.Device, pending.Kind)))
        {
            Interlocked.Increment(ref Counters._summariesReplaced);
        }

        _latest[(pending.Device, pending.Kind)] = pending.Document;
    }

    private async Task<bool> TryConnectAsync(CancellationToken stop)
    {
        MqttProtocolVersion version = _protocols[_protocolIndex];
        try
        {
            MqttClientConnectResult result = await _client!.ConnectAsync(ClientOptions(version), stop).ConfigureAwait(false);
            // A 3.1.1-only broker answers a CONNECT of level 5 with 3.1.1's return code 1 ("unacceptable
            // protocol version"), which MQTT 5 has no name for.
            if (version == MqttProtocolVersion.V500 && (int)result.ResultCode == 1)
            {
                throw new BrokerRefusedException($"the broker refused the connection: {nameof(MqttClientConnectResultCode.UnsupportedProtocolVersion)} (MQTT 3.1.1 return code 1)");
            }

            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new BrokerRefusedException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
            }

            Interlocked.Increment(ref Counters._connects);
            Counters.Connected = true;
            Counters.Protocol = BrokerProtocols.Name(version);
            Counters.LastConnectError = null;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                LogConnected(_logger, _options.Broker.Host, Port, Counters.Protocol, result.IsSessionPresent, _alerts.Count);
            }

            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref Counters._connectFailures);
            string reason = Describe(e);
            Counters.LastConnectError = reason;
            if (IsUnsupportedVersion(e) && _protocolIndex + 1 < _protocols.Length)
            {
                LogFallback(_logger, BrokerProtocols.Name(version), BrokerProtocols.Name(_protocols[_protocolIndex + 1]));
                _protocolIndex++;
                return false;
            }

            LogConnectFailed(_logger, _options.Broker.Host, Port, reason);
            return false;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopping while a connection was being made: whatever the broker answered (a refusal can
            // arrive after the stop), the forwarder ends quietly and nothing is counted.
            return false;
        }
    }

    /// <summary>
    /// Whether a failed MQTT 5 connection may be a broker that speaks only 3.1.1: it says so
    /// (UnsupportedProtocolVersion), or it answered in a way MQTT 5 cannot read or closed the
    /// connection after CONNECT. A broker that cannot be reached, a TLS failure or a refusal for
    /// another reason (credentials) is not.
    /// </summary>
    private static bool IsUnsupportedVersion(Exception e)
    {
        if (e.Message.Contains(nameof(MqttClientConnectResultCode.UnsupportedProtocolVersion), StringComparison.Ordinal))
        {
            return true;
        }

        if (e is BrokerRefusedException or MqttConnectingFailedException)
        {
            return false;
        }

        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or OperationCanceledException or TimeoutException)
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (parts.Count == 0 || !parts[^1].Contains(x.Message, StringComparison.Ordinal))
            {
                parts.Add(x.Message);
            }
        }

        return string.Join(": ", parts);
    }

    private MqttClientOptions ClientOptions(MqttProtocolVersion version)
    {
        BrokerOptions broker = _options.Broker;
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, Port)
            .WithClientId(_clientId)
            .WithProtocolVersion(version)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(broker.KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (version == MqttProtocolVersion.V500)
        {
            builder.WithSessionExpiryInterval((uint)broker.SessionExpiry.TotalSeconds);
        }

        if (broker.Username is { } user)
        {
            builder.WithCredentials(user, _password);
        }

        if (broker.Tls.Enabled)
        {
            builder.WithTlsOptions(new MqttClientTlsOptions
            {
                UseTls = true,
                TargetHost = broker.Tls.ServerName ?? broker.Host,
                SslProtocol = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                CertificateValidationHandler = args => VerifyServer(args.Certificate, args.SslPolicyErrors),
                ClientCertificatesProvider = _clientCertificates is null ? null : new ClientCertificates(_clientCertificates),
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// The broker's certificate must carry its name and chain to <c>Tls:CaFile</c>'s authorities (only
    /// those) or, without a CA file, to the system's.
    /// </summary>
    private bool VerifyServer(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        if (_trusted is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.ClientWasConnected)
        {
            Interlocked.Increment(ref Counters._disconnects);
            Counters.Connected = false;
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                LogDisconnected(_logger, args.Reason.ToString(), args.Exception?.Message ?? "");
            }

            _wake.Writer.TryWrite(true);
        }

        return Task.CompletedTask;
    }

    private readonly record struct Pending(string Device, MessageKind Kind, ReadOnlyMemory<byte> Document);

    private sealed class ClientCertificates(X509Certificate2Collection certificates) : IMqttClientCertificatesProvider
    {
        public X509CertificateCollection GetCertificates() => certificates;
    }

    private sealed class BrokerRefusedException(string message) : Exception(message);

    [LoggerMessage(EventId = 2410, Level = LogLevel.Information, Message = "Bridging {Devices} device(s) to {Host}:{Port} ({Security}); {Queued} alert(s) waiting from before (queue bound {Capacity})")]
    private static partial void LogStarting(ILogger logger, int devices, string host, int port, string security, int queued, int capacity);

    [LoggerMessage(EventId = 2411, Level = LogLevel.Information, Message = "Connected to {Host}:{Port} with MQTT {Protocol} (session present: {SessionPresent}); {Queued} alert(s) to deliver")]
    private static partial void LogConnected(ILogger logger, string host, int port, string protocol, bool sessionPresent, int queued);

    [LoggerMessage(EventId = 2412, Level = LogLevel.Warning, Message = "Could not reach the broker at {Host}:{Port}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 2413, Level = LogLevel.Warning, Message = "The broker refused MQTT {Version}; trying MQTT {Fallback}")]
    private static partial void LogFallback(ILogger logger, string version, string fallback);

    [LoggerMessage(EventId = 2414, Level = LogLevel.Warning, Message = "Lost the broker ({Reason}) {Detail}; alerts wait on disk until it returns")]
    private static partial void LogDisconnected(ILogger logger, string reason, string detail);

    [LoggerMessage(EventId = 2415, Level = LogLevel.Warning, Message = "A publication failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2416, Level = LogLevel.Information, Message = "Published {Alerts} alert(s) and {Summaries} summaries so far; {Queued} alert(s) waiting, {Dropped} dropped by the full queue; {Refused} message(s) refused; {Missing} missing before the bridge")]
    private static partial void LogHealth(ILogger logger, long alerts, long summaries, int queued, long dropped, long refused, long missing);

    [LoggerMessage(EventId = 2418, Level = LogLevel.Error, Message = "An alert of {Device} could not be queued on disk and is lost: {Reason}")]
    private static partial void LogQueueFailed(ILogger logger, string device, string reason);

    [LoggerMessage(EventId = 2417, Level = LogLevel.Information, Message = "Stopped; {Queued} alert(s) stay queued on disk for the next start")]
    private static partial void LogStopped(ILogger logger, int queued);
}
