using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;
using NetMQ;
using NetMQ.Sockets;
using ZmqSocketType = EdgeMer.Messaging.Zmq.ZmqSocketType;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// Why EdgeMer's egress runs on libzmq and not on NetMQ (README, "Dependencies"): NetMQ 4.0.4.5 has
/// no ZAP handler, so its CURVE server admits any client key. When NetMQ changes, this test says so.
/// </summary>
public sealed class NetMQComparisonTests : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly ZmqContext _clientContext = new();
    private readonly CurveKeyPair _server = CurveKeyPair.Generate();

    // On no list anywhere: a client no operator allowed.
    private readonly CurveKeyPair _stranger = CurveKeyPair.Generate();

    public void Dispose()
    {
        _context.Dispose();
        _clientContext.Dispose();
    }

    [Fact]
    public void A_NetMQ_CURVE_publisher_serves_a_client_on_no_list_that_EdgeMers_allow_list_refuses()
    {
        // NetMQ: a CURVE server, with nothing to give it an allow-list (it has no ZAP).
        using (var netmq = new PublisherSocket())
        {
            netmq.Options.CurveServer = true;
            netmq.Options.CurveCertificate = new NetMQCertificate(_server.SecretKey.Bytes.ToArray(), _server.PublicKey.Bytes.ToArray());
            int port = netmq.BindRandomPort("tcp://127.0.0.1");
            using ZmqSocket served = StrangerSubscriber($"tcp://127.0.0.1:{port}", out ZmqSocketMonitor servedEvents);
            using (servedEvents)
            {
                Assert.True(servedEvents.WaitFor(ZmqMonitorEvents.HandshakeSucceeded | ZmqMonitorEvents.HandshakeFailedAuth, SubscriptionWait.Timeout, out ZmqMonitorEvent handshake));
                Assert.Equal(ZmqMonitorEvents.HandshakeSucceeded, handshake.Event);
            }

            // NetMQ sockets belong to the thread that uses them: published from here until it arrives.
            served.ReceiveTimeout = TimeSpan.FromMilliseconds(20);
            var frames = new List<byte[]>();
            bool received = false;
            long deadline = Environment.TickCount64 + (long)SubscriptionWait.Timeout.TotalMilliseconds;
            while (!received && Environment.TickCount64 < deadline)
            {
                netmq.TrySendFrame("health {}");
                received = served.ReceiveMultipart(frames);
            }

            Assert.True(received, "the stranger received nothing from NetMQ");
        }

        // EdgeMer, with the same server key and an allow-list that does not name the stranger.
        using var zap = new ZapHandler(_context, new ClientAllowList([new("dashboard", CurveKeyPair.Generate().PublicKey)]), "edgemer");
        using var publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), new PrivacySwitch(), new CurveServerSecurity(_server, zap));
        using ZmqSocket refused = StrangerSubscriber(publisher.Endpoints[0], out ZmqSocketMonitor refusedEvents);
        using (refusedEvents)
        {
            Assert.True(refusedEvents.WaitFor(ZmqMonitorEvents.HandshakeSucceeded | ZmqMonitorEvents.HandshakeFailedAuth, SubscriptionWait.Timeout, out ZmqMonitorEvent handshake));
            Assert.Equal(ZmqMonitorEvents.HandshakeFailedAuth, handshake.Event);
            Assert.Equal(400, handshake.Value);
        }

        Assert.Equal(1, zap.Refused);
    }

    private ZmqSocket StrangerSubscriber(string endpoint, out ZmqSocketMonitor events)
    {
        ZmqSocket sub = _clientContext.CreateSocket(ZmqSocketType.Sub);
        sub.MakeCurveClient(_stranger, _server.PublicKey);
        sub.Subscribe("");
        events = sub.Monitor(ZmqMonitorEvents.HandshakeSucceeded | ZmqMonitorEvents.HandshakeFailedAuth);
        sub.Connect(endpoint);
        return sub;
    }
}
