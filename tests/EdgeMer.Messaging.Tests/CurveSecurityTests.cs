using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Tests;

public sealed class CurveSecurityTests : IDisposable
{
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(300);
    private readonly ZmqContext _context = new();
    private readonly ZmqContext _clientContext = new();
    private readonly CurveKeyPair _server = CurveKeyPair.Generate();
    private readonly CurveKeyPair _allowed = CurveKeyPair.Generate();
    private readonly ZapHandler _zap;
    private readonly SummaryPublisher _publisher;

    public CurveSecurityTests()
    {
        _zap = new ZapHandler(_context, new ClientAllowList([new("dashboard", _allowed.PublicKey)]), "edgemer");
        _publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), new PrivacySwitch(), new CurveServerSecurity(_server, _zap));
    }

    public void Dispose()
    {
        _publisher.Dispose();
        _zap.Dispose();
        _context.Dispose();
        _clientContext.Dispose();
    }

    [Fact]
    public void A_client_on_the_allow_list_receives_summaries()
    {
        using ZmqSocket sub = Subscriber(client => client.MakeCurveClient(_allowed, _server.PublicKey));

        byte[] message = SubscriptionWait.ReceiveWhilePublishing(sub, () => _publisher.TryPublish(WireSamples.FullSummary()));

        Assert.IsType<SummaryMessage>(WireMessage.Parse(message));
        Assert.True(_zap.Accepted >= 1);
    }

    [Fact]
    public void A_CURVE_client_that_is_not_on_the_allow_list_is_refused_and_receives_nothing()
    {
        CurveKeyPair stranger = CurveKeyPair.Generate();
        using ZmqSocket sub = Subscriber(client => client.MakeCurveClient(stranger, _server.PublicKey), out ZmqSocketMonitor monitor);
        using (monitor)
        {
            Assert.True(monitor.WaitFor(ZmqMonitorEvents.HandshakeFailedAuth, SubscriptionWait.Timeout, out ZmqMonitorEvent refused));
            Assert.Equal(400, refused.Value); // the ZAP status code
        }

        AssertReceivesNothing(sub);
        Assert.True(_zap.Refused >= 1);
    }

    [Fact]
    public void A_plain_client_is_refused_by_a_CURVE_publisher_and_receives_nothing()
    {
        using ZmqSocket sub = Subscriber(_ => { }, out ZmqSocketMonitor monitor);
        using (monitor)
        {
            Assert.True(monitor.WaitFor(
                ZmqMonitorEvents.HandshakeFailedNoDetail | ZmqMonitorEvents.HandshakeFailedProtocol | ZmqMonitorEvents.HandshakeFailedAuth | ZmqMonitorEvents.Disconnected,
                SubscriptionWait.Timeout,
                out _));
        }

        AssertReceivesNothing(sub);
    }

    [Fact]
    public void A_client_that_trusts_the_wrong_server_key_never_completes_the_handshake()
    {
        using ZmqSocket sub = Subscriber(client => client.MakeCurveClient(_allowed, CurveKeyPair.Generate().PublicKey), out ZmqSocketMonitor monitor);
        using (monitor)
        {
            // The server cannot open the client's HELLO, which was sealed for another key: the
            // handshake fails (or the connection is dropped) and never succeeds.
            const ZmqMonitorEvents Outcome = ZmqMonitorEvents.HandshakeSucceeded | ZmqMonitorEvents.HandshakeFailedProtocol
                | ZmqMonitorEvents.HandshakeFailedNoDetail | ZmqMonitorEvents.HandshakeFailedAuth | ZmqMonitorEvents.Disconnected;
            Assert.True(monitor.WaitFor(Outcome, SubscriptionWait.Timeout, out ZmqMonitorEvent outcome), "the handshake neither failed nor succeeded");
            Assert.NotEqual(ZmqMonitorEvents.HandshakeSucceeded, outcome.Event);
        }

        AssertReceivesNothing(sub);
        Assert.Equal(0, _zap.Accepted);
    }

    [Fact]
    public void Replacing_the_allow_list_lets_a_new_client_in()
    {
        CurveKeyPair late = CurveKeyPair.Generate();
        _zap.ReplaceAllowList(new ClientAllowList([new("dashboard", _allowed.PublicKey), new("late", late.PublicKey)]));
        using ZmqSocket sub = Subscriber(client => client.MakeCurveClient(late, _server.PublicKey));

        byte[] message = SubscriptionWait.ReceiveWhilePublishing(sub, () => _publisher.TryPublish(WireSamples.Health()));

        Assert.IsType<HealthMessage>(WireMessage.Parse(message));
    }

    [Fact]
    public void A_second_ZAP_handler_in_the_same_context_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ZapHandler(_context, new ClientAllowList([]), "edgemer"));

        Assert.Contains(ZapHandler.Endpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_the_ZAP_handler_before_the_publisher_never_lets_a_stranger_in()
    {
        // The wrong order: the handler goes first while the publisher is still bound.
        _zap.Dispose();

        Assert.True(_zap.IsRunning);
        CurveKeyPair stranger = CurveKeyPair.Generate();
        using ZmqSocket refused = Subscriber(client => client.MakeCurveClient(stranger, _server.PublicKey), out ZmqSocketMonitor monitor);
        using (monitor)
        {
            // Refused by the handler itself (ZAP status 400), not merely by a missing handler.
            Assert.True(monitor.WaitFor(ZmqMonitorEvents.HandshakeFailedAuth, SubscriptionWait.Timeout, out ZmqMonitorEvent failure));
            Assert.Equal(400, failure.Value);
        }

        AssertReceivesNothing(refused);
        using ZmqSocket allowed = Subscriber(client => client.MakeCurveClient(_allowed, _server.PublicKey));
        SubscriptionWait.ReceiveWhilePublishing(allowed, () => _publisher.TryPublish(WireSamples.FullSummary()));

        // Once the last socket it protects is closed, the handler stops by itself.
        _publisher.Dispose();
        Assert.True(SpinWait.SpinUntil(() => !_zap.IsRunning, SubscriptionWait.Timeout), "the ZAP handler kept running after its last socket closed");
    }

    [Fact]
    public void A_disposed_ZAP_handler_cannot_protect_a_new_socket()
    {
        using var context = new ZmqContext();
        var zap = new ZapHandler(context, new ClientAllowList([]), "edgemer");
        zap.Dispose();
        Assert.False(zap.IsRunning);
        using ZmqSocket pub = context.CreateSocket(ZmqSocketType.Pub);

        Assert.Throws<ObjectDisposedException>(() => new CurveServerSecurity(_server, zap).Apply(pub));
    }

    [Fact]
    public void A_protected_socket_makes_libzmq_refuse_unanswered_handshakes_where_it_can_and_the_log_says_which()
    {
        using var context = new ZmqContext();
        var logger = new RecordingLogger<ZapHandler>();
        using var zap = new ZapHandler(context, new ClientAllowList([]), "edgemer", logger);
        using ZmqSocket first = context.CreateSocket(ZmqSocketType.Pub);
        using ZmqSocket second = context.CreateSocket(ZmqSocketType.Router);
        using ZmqSocket probe = context.CreateSocket(ZmqSocketType.Pub);
        bool libraryAcceptsIt = probe.TryEnforceZapDomain();

        new CurveServerSecurity(_server, zap).Apply(first);
        new CurveServerSecurity(_server, zap).Apply(second);

        Assert.Equal(libraryAcceptsIt, first.ZapDomainEnforced);
        Assert.Equal(libraryAcceptsIt, second.ZapDomainEnforced);
        Assert.Equal("edgemer", first.ZapDomain);
        Assert.Equal(ZmqSecurityMechanism.Curve, first.Mechanism);

        // Said once per handler, not once per socket.
        LoggedEvent said = Assert.Single(logger.Events, e => e.EventId is 1104 or 1105);
        Assert.Equal(libraryAcceptsIt ? 1104 : 1105, said.EventId);
    }

    [Fact]
    public void A_failure_while_judging_one_client_refuses_that_attempt_and_the_handler_keeps_running()
    {
        using var context = new ZmqContext();
        var logger = new RecordingLogger<ZapHandler>();
        int failures = 1;
        logger.BeforeRecording = logged =>
        {
            // A logging provider that fails on the first acceptance.
            if (logged.EventId == 1101 && Interlocked.Decrement(ref failures) >= 0)
            {
                throw new IOException("the log disk is full");
            }
        };
        using var zap = new ZapHandler(context, new ClientAllowList([new("dashboard", _allowed.PublicKey)]), "edgemer", logger);
        using var publisher = new SummaryPublisher(context, SummaryPublisherTests.Options(), new PrivacySwitch(), new CurveServerSecurity(_server, zap));
        using ZmqSocket first = _clientContext.CreateSocket(ZmqSocketType.Sub);
        first.MakeCurveClient(_allowed, _server.PublicKey);
        first.Subscribe("");
        using ZmqSocketMonitor monitor = first.Monitor(ZmqMonitorEvents.HandshakeFailedAuth);
        first.Connect(publisher.Endpoints[0]);

        // Refused, not let in, while judging failed (ZAP status 500)...
        Assert.True(monitor.WaitFor(ZmqMonitorEvents.HandshakeFailedAuth, SubscriptionWait.Timeout, out ZmqMonitorEvent refused));
        Assert.Equal(500, refused.Value);

        // ...and the handler is still there for the next attempt (libzmq does not retry a refused handshake).
        using ZmqSocket second = _clientContext.CreateSocket(ZmqSocketType.Sub);
        second.MakeCurveClient(_allowed, _server.PublicKey);
        second.Subscribe("");
        second.Connect(publisher.Endpoints[0]);
        byte[] message = SubscriptionWait.ReceiveWhilePublishing(second, () => publisher.TryPublish(WireSamples.FullSummary()));
        Assert.IsType<SummaryMessage>(WireMessage.Parse(message));
        Assert.True(zap.IsRunning);
        Assert.IsType<IOException>(Assert.Single(logger.Events, e => e.EventId == 1107).Exception);
    }

    [Fact]
    public void A_client_name_with_control_characters_reaches_the_log_escaped()
    {
        // The name comes from a key file's name, which whoever can write the allow-list directory chooses.
        using var context = new ZmqContext();
        var logger = new RecordingLogger<ZapHandler>();
        using var zap = new ZapHandler(context, new ClientAllowList([new("dash\u001b]0;owned\u0007\r\nboard", _allowed.PublicKey)]), "edgemer", logger);
        using var publisher = new SummaryPublisher(context, SummaryPublisherTests.Options(), new PrivacySwitch(), new CurveServerSecurity(_server, zap));
        using ZmqSocket sub = _clientContext.CreateSocket(ZmqSocketType.Sub);
        sub.MakeCurveClient(_allowed, _server.PublicKey);
        sub.Subscribe("");
        sub.Connect(publisher.Endpoints[0]);

        SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.FullSummary()));

        LoggedEvent accepted = Assert.Single(logger.Events, e => e.EventId == 1101);
        Assert.Contains(@"dash\u001B]0;owned\u0007\u000D\u000Aboard", accepted.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(accepted.Message, char.IsControl);
    }

    private void AssertReceivesNothing(ZmqSocket sub)
    {
        // Keep publishing for a while: a client that got in would receive something. (A test of
        // absence has to stop somewhere; the handshake failure above is the positive evidence.)
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(30);
        var frames = new List<byte[]>();
        long until = Environment.TickCount64 + (long)s_quiet.TotalMilliseconds;
        while (Environment.TickCount64 < until)
        {
            _publisher.TryPublish(WireSamples.FullSummary());
            Assert.False(sub.ReceiveMultipart(frames), "a refused client received a message");
        }
    }

    private ZmqSocket Subscriber(Action<ZmqSocket> configure) => Subscriber(configure, out ZmqSocketMonitor? _, withMonitor: false);

    private ZmqSocket Subscriber(Action<ZmqSocket> configure, out ZmqSocketMonitor monitor)
    {
        ZmqSocket sub = Subscriber(configure, out ZmqSocketMonitor? created, withMonitor: true);
        monitor = created!;
        return sub;
    }

    private ZmqSocket Subscriber(Action<ZmqSocket> configure, out ZmqSocketMonitor? monitor, bool withMonitor)
    {
        // A separate context: clients never share the server's ZAP handler.
        ZmqSocket sub = _clientContext.CreateSocket(ZmqSocketType.Sub);
        configure(sub);
        sub.Subscribe("");
        monitor = withMonitor ? sub.Monitor(ZmqMonitorEvents.All) : null;
        sub.Connect(_publisher.Endpoints[0]);
        return sub;
    }
}
