using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeMer.Messaging.Control;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// A client taken off the allow-list by a reload loses what it had: its open control connection can
/// no longer command the device, and its subscription stops, while a client still on the list goes on.
/// Real CURVE clients over loopback, in a context of their own.
/// </summary>
public sealed class RevocationTests : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly ZmqContext _clientContext = new();
    private readonly CurveKeyPair _server = CurveKeyPair.Generate();
    private readonly CurveKeyPair _kept = CurveKeyPair.Generate();
    private readonly CurveKeyPair _revoked = CurveKeyPair.Generate();
    private readonly PrivacySwitch _privacy = new();
    private readonly RecordingLogger<ControlServer> _controlLog = new();
    private readonly RecordingLogger<SummaryPublisher> _publisherLog = new();
    private readonly ZapHandler _zap;
    private readonly SummaryPublisher _publisher;
    private readonly ControlServer _control;

    public RevocationTests()
    {
        _zap = new ZapHandler(_context, new ClientAllowList([new("operator", _kept.PublicKey), new("old-laptop", _revoked.PublicKey)]), "edgemer");
        var security = new CurveServerSecurity(_server, _zap);
        _publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), _privacy, security, _publisherLog);
        _control = new ControlServer(_context, new ControlServerOptions { Endpoint = "tcp://127.0.0.1:*" }, new FixedControlCommands(), _privacy, security, _controlLog);
    }

    public void Dispose()
    {
        _control.Dispose();
        _publisher.Dispose();
        _zap.Dispose();
        _context.Dispose();
        _clientContext.Dispose();
    }

    [Fact]
    public void A_revoked_client_can_no_longer_pause_on_its_open_control_connection_while_a_listed_one_still_can()
    {
        using ZmqSocket revoked = ControlClient(_revoked);
        using ZmqSocket kept = ControlClient(_kept);
        Assert.True(Ask(revoked, "status").Ok);
        Assert.True(Ask(kept, "status").Ok);

        _zap.ReplaceAllowList(new ClientAllowList([new("operator", _kept.PublicKey)]));
        ControlReply refused = Ask(revoked, "pause");

        Assert.False(refused.Ok);
        Assert.Equal(ControlErrorCode.NotAllowed, refused.Error!.Code);
        Assert.Contains(_revoked.PublicKey.Z85Text, refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
        Assert.Contains(_controlLog.Events, e => e.EventId == 1303 && e.Message.Contains("notAllowed", StringComparison.OrdinalIgnoreCase));
        ControlReply paused = Ask(kept, "pause");
        Assert.True(paused.Ok);
        Assert.Equal(PrivacyState.Paused, _privacy.State);
    }

    [Fact]
    public void A_key_replaced_under_the_same_name_is_revoked()
    {
        using ZmqSocket leaked = ControlClient(_revoked);
        Assert.True(Ask(leaked, "status").Ok);

        // The operator replaces old-laptop.key after the old key leaked.
        _zap.ReplaceAllowList(new ClientAllowList([new("operator", _kept.PublicKey), new("old-laptop", CurveKeyPair.Generate().PublicKey)]));

        Assert.Equal(ControlErrorCode.NotAllowed, Ask(leaked, "pause").Error!.Code);
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
    }

    [Fact]
    public void A_revoked_subscriber_is_disconnected_and_refused_while_a_listed_one_keeps_receiving()
    {
        using ZmqSocket revoked = Subscriber(_revoked);
        using ZmqSocket kept = Subscriber(_kept);
        using ZmqSocketMonitor revokedEvents = revoked.Monitor(ZmqMonitorEvents.Disconnected | ZmqMonitorEvents.HandshakeFailedAuth);
        SubscriptionWait.ReceiveWhilePublishing(revoked, () => _publisher.TryPublish(WireSamples.FullSummary()));
        SubscriptionWait.ReceiveWhilePublishing(kept, () => _publisher.TryPublish(WireSamples.FullSummary()));

        _zap.ReplaceAllowList(new ClientAllowList([new("operator", _kept.PublicKey)]));

        // The device closes the connection, and the new allow-list refuses the reconnection.
        Assert.True(revokedEvents.WaitFor(ZmqMonitorEvents.Disconnected, SubscriptionWait.Timeout, out _), "the revoked subscriber stayed connected");
        Assert.True(revokedEvents.WaitFor(ZmqMonitorEvents.HandshakeFailedAuth, SubscriptionWait.Timeout, out ZmqMonitorEvent refused), "the revoked subscriber was not refused on reconnecting");
        Assert.Equal(400, refused.Value);

        // What is published from now on (second 9) reaches the listed subscriber, once it has
        // reconnected, and never the revoked one.
        ReceiveSecond(kept, 9);
        revoked.ReceiveTimeout = TimeSpan.Zero;
        while (SubscriptionWait.TryReceiveMessage(revoked, out byte[] message))
        {
            Assert.NotEqual(WireSamples.Start.AddSeconds(9), ((SummaryMessage)WireMessage.Parse(message)).Summary.Window.Start);
        }

        Assert.Contains(_publisherLog.Events, e => e.EventId == 1204);
    }

    [Fact]
    public void Adding_a_client_leaves_every_open_connection_alone()
    {
        using ZmqSocket sub = Subscriber(_kept);
        using ZmqSocketMonitor events = sub.Monitor(ZmqMonitorEvents.Disconnected);
        SubscriptionWait.ReceiveWhilePublishing(sub, () => _publisher.TryPublish(WireSamples.FullSummary()));

        _zap.ReplaceAllowList(new ClientAllowList([new("operator", _kept.PublicKey), new("old-laptop", _revoked.PublicKey), new("new", CurveKeyPair.Generate().PublicKey)]));

        // The publisher handles a revocation before the messages queued after it.
        ReceiveSecond(sub, 9);

        Assert.False(events.TryReceive(TimeSpan.Zero, out _));
        Assert.DoesNotContain(_publisherLog.Events, e => e.EventId == 1204);
    }

    /// <summary>Publishes summaries for <paramref name="second"/> until <paramref name="sub"/> receives one.</summary>
    private void ReceiveSecond(ZmqSocket sub, int second)
    {
        // Earlier messages may still be queued for it: they are skipped, publishing on.
        long deadline = Environment.TickCount64 + (long)SubscriptionWait.Timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            byte[] message = SubscriptionWait.ReceiveWhilePublishing(sub, () => _publisher.TryPublish(WireSamples.FullSummary(second)));
            if (((SummaryMessage)WireMessage.Parse(message)).Summary.Window.Start == WireSamples.Start.AddSeconds(second))
            {
                return;
            }
        }

        throw new TimeoutException($"no summary for second {second} arrived");
    }

    private ZmqSocket ControlClient(CurveKeyPair keys)
    {
        ZmqSocket client = _clientContext.CreateSocket(ZmqSocketType.Dealer);
        client.MakeCurveClient(keys, _server.PublicKey);
        client.ReceiveTimeout = SubscriptionWait.Timeout;
        client.Connect(_control.Endpoint);
        return client;
    }

    private ZmqSocket Subscriber(CurveKeyPair keys)
    {
        ZmqSocket sub = _clientContext.CreateSocket(ZmqSocketType.Sub);
        sub.MakeCurveClient(keys, _server.PublicKey);
        sub.ReceiveTimeout = SubscriptionWait.Timeout;
        sub.Subscribe(WireTopics.Summary);
        sub.Connect(_publisher.Endpoints[0]);
        return sub;
    }

    private static ControlReply Ask(ZmqSocket client, string command)
    {
        client.Send(Encoding.UTF8.GetBytes($$"""{"schema":"edgemer.control/1","id":"r1","command":"{{command}}"}"""));
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(client.Receive(buffer, out bool more), $"no reply to {command}");
        Assert.False(more);
        string json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Empty(ControlServerTests.Schema.Validate(json, "reply"));
        return JsonSerializer.Deserialize(json, ControlJsonContext.Default.ControlReply)!;
    }
}
