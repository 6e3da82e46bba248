using System.Buffers;
using System.Text;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Tests;

public sealed class ZmqBindingTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Probe_reports_the_libzmq_version_and_curve_support()
    {
        ZmqLibraryInfo info = ZmqLibrary.Probe();

        Assert.True(info.IsAvailable, info.Problem);
        Assert.NotNull(info.Version);
        Assert.Equal(4, info.Version!.Major);
        Assert.True(info.Version.Minor >= 3, $"EdgeMer needs libzmq 4.3, found {info.Version}");
        Assert.True(info.HasCurve);
        Assert.Null(info.Problem);
    }

    [Fact]
    public void Bind_to_a_wildcard_port_reports_the_port_it_got()
    {
        using ZmqSocket socket = _context.CreateSocket(ZmqSocketType.Pub);
        socket.Bind("tcp://127.0.0.1:*");

        string endpoint = socket.LastEndpoint;

        Assert.StartsWith("tcp://127.0.0.1:", endpoint, StringComparison.Ordinal);
        Assert.True(int.Parse(endpoint["tcp://127.0.0.1:".Length..], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void A_failed_call_throws_ZmqException_with_errno_and_libzmq_message()
    {
        using ZmqSocket socket = _context.CreateSocket(ZmqSocketType.Pub);

        var error = Assert.Throws<ZmqException>(() => socket.Bind("nonsense://here"));

        Assert.Equal("zmq_bind(nonsense://here)", error.Operation);
        Assert.Equal(93, error.ErrorCode); // EPROTONOSUPPORT
        Assert.Equal("Protocol not supported", error.NativeMessage);
        Assert.Contains("Protocol not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_an_endpoint_twice_names_the_endpoint_in_the_error()
    {
        using ZmqSocket first = _context.CreateSocket(ZmqSocketType.Pub);
        using ZmqSocket second = _context.CreateSocket(ZmqSocketType.Pub);
        first.Bind("tcp://127.0.0.1:*");
        string endpoint = first.LastEndpoint;

        var error = Assert.Throws<ZmqException>(() => second.Bind(endpoint));

        Assert.Equal(98, error.ErrorCode); // EADDRINUSE
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multipart_messages_arrive_whole_and_in_order()
    {
        using ZmqSocket router = _context.CreateSocket(ZmqSocketType.Router);
        using ZmqSocket dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        router.Bind("tcp://127.0.0.1:*");
        dealer.Connect(router.LastEndpoint);
        router.ReceiveTimeout = s_timeout;
        dealer.ReceiveTimeout = s_timeout;

        Assert.True(dealer.Send("first"u8, more: true));
        Assert.True(dealer.Send([], more: true));
        Assert.True(dealer.Send(new byte[5000], more: false));

        var frames = new List<byte[]>();
        Assert.True(router.ReceiveMultipart(frames));
        Assert.Equal(4, frames.Count); // routing id + the three frames
        Assert.Equal("first", Encoding.ASCII.GetString(frames[1]));
        Assert.Empty(frames[2]);
        Assert.Equal(5000, frames[3].Length);

        router.Send(frames[0], more: true);
        router.Send("back"u8);
        Assert.True(dealer.ReceiveMultipart(frames));
        Assert.Equal("back", Encoding.ASCII.GetString(Assert.Single(frames)));
    }

    [Fact]
    public void TrySend_returns_false_instead_of_blocking_when_no_peer_can_take_the_message()
    {
        // A port the system just handed out and that nothing listens on any more.
        string vacated;
        using (ZmqSocket placeholder = _context.CreateSocket(ZmqSocketType.Router))
        {
            placeholder.Bind("tcp://127.0.0.1:*");
            vacated = placeholder.LastEndpoint;
            placeholder.Unbind(vacated);
        }

        using ZmqSocket dealer = _context.CreateSocket(ZmqSocketType.Dealer);
        dealer.Immediate = true; // queue only to completed connections
        dealer.Connect(vacated); // no connection completes

        Assert.False(dealer.TrySend("nobody"u8));
    }

    [Fact]
    public void TrySend_on_a_publisher_that_refuses_at_the_high_water_mark_reports_the_drop()
    {
        using ZmqSocket pub = _context.CreateSocket(ZmqSocketType.Pub);
        using ZmqSocket sub = _context.CreateSocket(ZmqSocketType.Sub);
        pub.SendHighWaterMark = 1;
        pub.RefuseAtHighWaterMark = true;
        pub.Bind("inproc://hwm");
        sub.ReceiveHighWaterMark = 1;
        sub.Subscribe("");
        sub.Connect("inproc://hwm");
        SubscriptionWait.UntilReceived(pub, sub, "t"u8);

        // The subscriber never reads again: the pipe fills and further sends are refused, not blocked.
        int refused = 0;
        for (int i = 0; i < 10_000 && refused == 0; i++)
        {
            if (!pub.TrySend(new byte[64]))
            {
                refused++;
            }
        }

        Assert.Equal(1, refused);
    }

    [Fact]
    public void Receive_gives_up_after_the_receive_timeout()
    {
        using ZmqSocket sub = _context.CreateSocket(ZmqSocketType.Sub);
        sub.Subscribe("");
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(20);

        Assert.False(sub.Receive(new ArrayBufferWriter<byte>(), out bool more));
        Assert.False(more);
        Assert.Equal(TimeSpan.FromMilliseconds(20), sub.ReceiveTimeout);
    }

    [Fact]
    public void Options_read_back_what_was_set()
    {
        using ZmqSocket socket = _context.CreateSocket(ZmqSocketType.Sub);

        socket.ReceiveHighWaterMark = 7;
        socket.SendTimeout = TimeSpan.FromMilliseconds(250);
        socket.MaxMessageSize = 4096;
        socket.ZapDomain = "edgemer";

        Assert.Equal(TimeSpan.Zero, socket.Linger);
        Assert.Equal(7, socket.ReceiveHighWaterMark);
        Assert.Equal(TimeSpan.FromMilliseconds(250), socket.SendTimeout);
        Assert.Equal(4096, socket.MaxMessageSize);
        Assert.Equal("edgemer", socket.ZapDomain);
        Assert.Equal(ZmqSecurityMechanism.Null, socket.Mechanism);
    }

    [Fact]
    public void A_socket_refuses_to_be_used_from_another_thread()
    {
        using ZmqSocket socket = _context.CreateSocket(ZmqSocketType.Pub);
        Exception? seen = null;

        var thread = new Thread(() => seen = Record.Exception(() => socket.Bind("tcp://127.0.0.1:*")));
        thread.Start();
        thread.Join();

        var error = Assert.IsType<InvalidOperationException>(seen);
        Assert.Contains("belongs to managed thread", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Poll_reports_which_socket_has_a_message()
    {
        using ZmqSocket idle = _context.CreateSocket(ZmqSocketType.Pair);
        using ZmqSocket busy = _context.CreateSocket(ZmqSocketType.Pair);
        using ZmqSocket peer = _context.CreateSocket(ZmqSocketType.Pair);
        idle.Bind("inproc://idle");
        busy.Bind("inproc://busy");
        peer.Connect("inproc://busy");
        using var poller = new ZmqPoller(idle, busy);

        Assert.Equal(0, poller.Poll(TimeSpan.Zero));
        peer.Send("x"u8);

        Assert.Equal(1, poller.Poll(s_timeout));
        Assert.False(poller.IsReadable(0));
        Assert.True(poller.IsReadable(1));
    }

    [Fact]
    public void Unbind_stops_accepting_connections()
    {
        using ZmqSocket server = _context.CreateSocket(ZmqSocketType.Router);
        server.Bind("tcp://127.0.0.1:*");
        string endpoint = server.LastEndpoint;

        server.Unbind(endpoint);

        var error = Assert.Throws<ZmqException>(() => server.Unbind(endpoint));
        Assert.Equal(2, error.ErrorCode); // ENOENT: no longer bound
    }

    [Fact]
    public void The_monitor_reports_accepted_connections_and_completed_handshakes()
    {
        using ZmqSocket server = _context.CreateSocket(ZmqSocketType.Router);
        using ZmqSocketMonitor monitor = server.Monitor(ZmqMonitorEvents.Accepted | ZmqMonitorEvents.HandshakeSucceeded);
        server.Bind("tcp://127.0.0.1:*");
        using ZmqSocket client = _context.CreateSocket(ZmqSocketType.Dealer);

        client.Connect(server.LastEndpoint);

        Assert.True(monitor.WaitFor(ZmqMonitorEvents.Accepted, s_timeout, out ZmqMonitorEvent accepted));
        Assert.Equal(server.LastEndpoint, accepted.Endpoint);
        Assert.True(monitor.WaitFor(ZmqMonitorEvents.HandshakeSucceeded, s_timeout, out _));
    }

    [Fact]
    public void Disposing_a_context_does_not_wait_for_its_open_sockets_which_keep_working_until_closed()
    {
        var context = new ZmqContext();
        ZmqSocket sender = context.CreateSocket(ZmqSocketType.Pair);
        ZmqSocket receiver = context.CreateSocket(ZmqSocketType.Pair);
        try
        {
            receiver.Bind("inproc://outlives-dispose");
            sender.Connect("inproc://outlives-dispose");

            // zmq_ctx_term waits for open sockets; the sockets' lease must keep it from being called.
            var disposing = new Thread(context.Dispose);
            disposing.Start();
            Assert.True(disposing.Join(s_timeout), "ZmqContext.Dispose waited for a socket that was still open");

            Assert.Throws<ObjectDisposedException>(() => context.CreateSocket(ZmqSocketType.Pair));
            receiver.ReceiveTimeout = s_timeout;
            Assert.True(sender.Send("still here"u8));
            var frames = new List<byte[]>();
            Assert.True(receiver.ReceiveMultipart(frames));
            Assert.Equal("still here", Encoding.ASCII.GetString(Assert.Single(frames)));
        }
        finally
        {
            sender.Dispose();
            receiver.Dispose();
        }
    }

    [Fact]
    public void A_leaked_context_and_socket_are_finalized_in_either_order_without_blocking()
    {
        string endpoint = LeakBoundSocket();

        var finalizing = new Thread(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        });
        finalizing.Start();
        Assert.True(finalizing.Join(s_timeout), "the finalizer thread did not finish");

        // The leaked socket was closed and its context terminated: the port is free again.
        using ZmqSocket again = _context.CreateSocket(ZmqSocketType.Pub);
        again.Bind(endpoint);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string LeakBoundSocket()
    {
        var context = new ZmqContext();
        ZmqSocket socket = context.CreateSocket(ZmqSocketType.Pub);
        socket.Bind("tcp://127.0.0.1:*");
        return socket.LastEndpoint;
    }

    [Fact]
    public void A_monitor_belongs_to_the_first_thread_that_reads_it_not_to_the_socket_thread()
    {
        using ZmqSocket server = _context.CreateSocket(ZmqSocketType.Router);
        using ZmqSocketMonitor monitor = server.Monitor(ZmqMonitorEvents.Accepted);
        server.Bind("tcp://127.0.0.1:*");
        using ZmqSocket client = _context.CreateSocket(ZmqSocketType.Dealer);
        client.Connect(server.LastEndpoint);
        ZmqMonitorEvent? seen = null;
        Exception? failure = null;

        var reader = new Thread(() =>
        {
            try
            {
                if (monitor.WaitFor(ZmqMonitorEvents.Accepted, s_timeout, out ZmqMonitorEvent accepted))
                {
                    seen = accepted;
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        reader.Start();
        Assert.True(reader.Join(s_timeout));

        Assert.Null(failure);
        Assert.Equal(server.LastEndpoint, seen?.Endpoint);
        var refused = Assert.Throws<InvalidOperationException>(() => monitor.TryReceive(TimeSpan.Zero, out _));
        Assert.Contains("belongs to managed thread", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_a_monitor_before_its_socket_leaves_the_context_working()
    {
        using ZmqSocket server = _context.CreateSocket(ZmqSocketType.Router);
        server.Bind("tcp://127.0.0.1:*");
        server.ReceiveTimeout = s_timeout;

        // A context of its own: were its I/O thread stalled, it could never be terminated.
        var context = new ZmqContext();
        ZmqSocket watched = context.CreateSocket(ZmqSocketType.Dealer);
        ZmqSocket other = context.CreateSocket(ZmqSocketType.Dealer);
        watched.Monitor(ZmqMonitorEvents.All).Dispose();

        // Connecting raises events on the context's I/O thread, with no reader left for them.
        watched.Connect(server.LastEndpoint);
        other.SendTimeout = s_timeout;
        other.Connect(server.LastEndpoint);
        Assert.True(other.Send("still served"u8));
        var frames = new List<byte[]>();
        bool served = server.ReceiveMultipart(frames);
        if (served)
        {
            other.Dispose();
            watched.Dispose();
            context.Dispose();
        }

        Assert.True(served, "the context's I/O thread stalled on an event for a monitor that was disposed");
        Assert.Equal("still served", Encoding.ASCII.GetString(frames[1]));
    }

    [Fact]
    public void Z85_matches_the_RFC_32_test_vector_both_ways()
    {
        byte[] data = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

        Assert.Equal("HelloWorld", Z85.Encode(data));
        var decoded = new byte[8];
        Assert.True(Z85.TryDecode("HelloWorld", decoded));
        Assert.Equal(data, decoded);
        Assert.False(Z85.TryDecode("Hello~orld", decoded));
        Assert.Throws<ArgumentException>(() => Z85.Encode(new byte[3]));
    }

    [Fact]
    public void Curve_keypairs_are_fresh_and_the_public_key_derives_from_the_secret()
    {
        CurveKeyPair first = CurveKeyPair.Generate();
        CurveKeyPair second = CurveKeyPair.Generate();

        Assert.NotEqual(first.PublicKey, second.PublicKey);
        Assert.Equal(40, first.PublicKey.Z85Text.Length);
        Assert.Equal(first.PublicKey, CurveKeyPair.FromSecretKey(first.SecretKey).PublicKey);
        Assert.DoesNotContain(first.SecretKey.ToZ85(), first.SecretKey.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CurveKeyPair(second.PublicKey, first.SecretKey));
    }
}
