using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeMer.Messaging.Control;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Tests.Schema;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;

namespace EdgeMer.Messaging.Tests;

public sealed class ControlServerTests : IDisposable
{
    /// <summary>docs/schema/edgemer-control.v1.schema.json, which every reply must match.</summary>
    internal static readonly JsonSchemaValidator Schema =
        JsonSchemaValidator.Load(Path.Combine(RepoPaths.Root, "docs", "schema", "edgemer-control.v1.schema.json"));

    private readonly ZmqContext _context = new();
    private readonly PrivacySwitch _privacy = new();
    private readonly RecordingCommands _commands = new();
    private readonly ControlServer _server;
    private readonly ZmqSocket _client;

    public ControlServerTests()
    {
        _server = new ControlServer(_context, new ControlServerOptions { Endpoint = "tcp://127.0.0.1:*" }, _commands, _privacy);
        _client = _context.CreateSocket(ZmqSocketType.Dealer);
        _client.ReceiveTimeout = SubscriptionWait.Timeout;
        _client.Connect(_server.Endpoint);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _context.Dispose();
    }

    [Fact]
    public void An_endpoint_already_in_use_fails_construction_with_the_libzmq_error_and_leaves_the_running_server_answering()
    {
        var options = new ControlServerOptions { Endpoint = _server.Endpoint };

        var error = Assert.Throws<ZmqException>(() => new ControlServer(_context, options, _commands, _privacy));

        Assert.Contains(_server.Endpoint, error.Message, StringComparison.Ordinal);
        Assert.True(Ask("""{"schema":"edgemer.control/1","id":"s2","command":"status"}""").Ok);
    }

    [Fact]
    public void Status_answers_with_what_the_host_reports()
    {
        ControlReply reply = Ask("""{"schema":"edgemer.control/1","id":"s1","command":"status"}""");

        Assert.True(reply.Ok);
        Assert.Equal("s1", reply.Id);
        Assert.Equal("dev-1", reply.Status!.Device);
        Assert.Equal(42, reply.Status.Published);
    }

    [Fact]
    public void Pause_stops_capture_and_the_publisher_says_paused_until_resume()
    {
        using var publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), _privacy);
        using ZmqSocket sub = _context.CreateSocket(ZmqSocketType.Sub);
        sub.ReceiveTimeout = SubscriptionWait.Timeout;
        sub.Subscribe(WireTopics.Summary);
        sub.Connect(publisher.Endpoints[0]);
        SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.FullSummary()));

        ControlReply paused = Ask("""{"schema":"edgemer.control/1","id":"p1","command":"pause"}""");
        Assert.True(paused.Ok);
        Assert.True(paused.Paused);
        Assert.Equal(PrivacyState.Paused, _privacy.State);
        publisher.TryPublish(WireSamples.FullSummary(second: 9));
        Assert.True(NextSummary(sub, second: 9).Paused);

        ControlReply resumed = Ask("""{"schema":"edgemer.control/1","id":"r1","command":"resume"}""");
        Assert.False(resumed.Paused);
        publisher.TryPublish(WireSamples.FullSummary(second: 10));
        EmotionSummary live = NextSummary(sub, second: 10);
        Assert.False(live.Paused);
        Assert.NotNull(live.Emotions);
    }

    [Fact]
    public void Reload_reports_success_or_the_reason_it_kept_the_old_configuration()
    {
        ControlReply ok = Ask("""{"schema":"edgemer.control/1","id":"l1","command":"reload"}""");
        _commands.NextReload = new ReloadResult(false, "Messaging:Publisher:DeviceId is empty");
        ControlReply failed = Ask("""{"schema":"edgemer.control/1","id":"l2","command":"reload"}""");

        Assert.True(ok.Ok);
        Assert.True(ok.Reload!.Reloaded);
        Assert.False(failed.Ok);
        Assert.Equal(ControlErrorCode.Failed, failed.Error!.Code);
        Assert.Contains("DeviceId is empty", failed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _commands.Reloads);
    }

    [Fact]
    public void Update_is_reserved_and_answered_not_supported()
    {
        ControlReply reply = Ask("""{"schema":"edgemer.control/1","id":"u1","command":"update"}""");

        Assert.False(reply.Ok);
        Assert.Equal(ControlErrorCode.NotSupported, reply.Error!.Code);
    }

    [Theory]
    [InlineData("not json at all", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","command":"pause","extra":1}""", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":"edgemer.control/1","command":"pause"}""", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":"edgemer.control/2","id":"x","command":"pause"}""", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":"edgemer.control/1","id":"with space","command":"pause"}""", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","command":"shutdown"}""", ControlErrorCode.UnknownCommand)]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","command":"status","command":"pause"}""", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","id":"y","command":"pause"}""", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","command":null}""", ControlErrorCode.Malformed)]
    [InlineData("""{"schema":null,"id":"x","command":"pause"}""", ControlErrorCode.Malformed)]
    public void A_bad_request_gets_an_error_reply_and_changes_nothing(string request, ControlErrorCode expected)
    {
        ControlReply reply = Ask(request);

        Assert.False(reply.Ok);
        Assert.Equal(expected, reply.Error!.Code);
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
        Assert.Equal(0, _commands.Reloads);
    }

    [Fact]
    public void A_command_given_twice_is_named_in_the_error()
    {
        ControlReply reply = Ask("""{"schema":"edgemer.control/1","id":"x","command":"status","command":"pause"}""");

        Assert.Equal(ControlErrorCode.Malformed, reply.Error!.Code);
        Assert.Contains("command", reply.Error.Message, StringComparison.Ordinal);
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
    }

    [Theory]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","command":"pa\u001b]0;owned\u0007use\r\n2026-01-01 forged line\u001b[2J"}""")]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","command":"status","\u001b[31mred\r\nforged":1}""")]
    [InlineData("""{"schema":"edgemer.control/1","id":"x","command":"status\u202e\u0085\u009b"}""")]
    public void Control_characters_a_peer_sends_reach_the_log_escaped(string request)
    {
        var logger = new RecordingLogger<ControlServer>();
        using var server = new ControlServer(_context, new ControlServerOptions { Endpoint = "tcp://127.0.0.1:*" }, _commands, _privacy, logger: logger);
        using ZmqSocket client = _context.CreateSocket(ZmqSocketType.Dealer);
        client.ReceiveTimeout = SubscriptionWait.Timeout;
        client.Connect(server.Endpoint);

        client.Send(Encoding.UTF8.GetBytes(request));
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(client.Receive(buffer, out _), "no reply");

        Assert.False(JsonSerializer.Deserialize(buffer.WrittenSpan, ControlJsonContext.Default.ControlReply)!.Ok);
        Assert.Contains(logger.Events, e => e.EventId == 1303);
        Assert.Contains(logger.Events, e => e.Message.Contains(@"\u", StringComparison.Ordinal));
        foreach (LoggedEvent logged in logger.Events)
        {
            Assert.DoesNotContain(logged.Message, c => char.IsControl(c) || c == '\u202e');
        }
    }

    [Fact]
    public void An_oversized_request_gets_a_too_large_reply_and_changes_nothing()
    {
        string padding = new('x', 8000);
        ControlReply reply = Ask($$"""{"schema":"edgemer.control/1","id":"{{padding}}","command":"pause"}""");

        Assert.Equal(ControlErrorCode.TooLarge, reply.Error!.Code);
        Assert.Contains("limit is 4096", reply.Error.Message, StringComparison.Ordinal);
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
    }

    [Fact]
    public void A_request_in_several_frames_is_refused()
    {
        _client.Send("""{"schema":"edgemer.control/1","""u8, more: true);
        _client.Send(""" "id":"x","command":"pause"}"""u8);

        ControlReply reply = ReadReply();

        Assert.Equal(ControlErrorCode.Malformed, reply.Error!.Code);
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
    }

    [Fact]
    public void A_REQ_client_is_answered_too()
    {
        using ZmqSocket req = _context.CreateSocket(ZmqSocketType.Req);
        req.ReceiveTimeout = SubscriptionWait.Timeout;
        req.Connect(_server.Endpoint);

        req.Send("""{"schema":"edgemer.control/1","id":"q","command":"status"}"""u8);
        var frames = new List<byte[]>();

        Assert.True(req.ReceiveMultipart(frames));
        Assert.True(JsonSerializer.Deserialize(Assert.Single(frames), ControlJsonContext.Default.ControlReply)!.Ok);
    }

    [Fact]
    public void With_CURVE_only_allow_listed_clients_are_answered()
    {
        using var serverContext = new ZmqContext();
        CurveKeyPair server = CurveKeyPair.Generate();
        CurveKeyPair operatorKeys = CurveKeyPair.Generate();
        using var zap = new ZapHandler(serverContext, new ClientAllowList([new("operator", operatorKeys.PublicKey)]), "edgemer");
        using var secured = new ControlServer(serverContext, new ControlServerOptions { Endpoint = "tcp://127.0.0.1:*" }, _commands, _privacy, new CurveServerSecurity(server, zap));
        using ZmqSocket allowed = _context.CreateSocket(ZmqSocketType.Dealer);
        using ZmqSocket stranger = _context.CreateSocket(ZmqSocketType.Dealer);
        allowed.MakeCurveClient(operatorKeys, server.PublicKey);
        stranger.MakeCurveClient(CurveKeyPair.Generate(), server.PublicKey);
        using ZmqSocketMonitor strangerEvents = stranger.Monitor(ZmqMonitorEvents.HandshakeFailedAuth);
        allowed.ReceiveTimeout = SubscriptionWait.Timeout;
        allowed.Connect(secured.Endpoint);
        stranger.Connect(secured.Endpoint);

        stranger.TrySend("""{"schema":"edgemer.control/1","id":"evil","command":"pause"}"""u8);
        allowed.Send("""{"schema":"edgemer.control/1","id":"ok","command":"status"}"""u8);
        var frames = new List<byte[]>();

        Assert.True(allowed.ReceiveMultipart(frames));
        Assert.Equal("ok", JsonSerializer.Deserialize(frames[0], ControlJsonContext.Default.ControlReply)!.Id);
        Assert.True(strangerEvents.WaitFor(ZmqMonitorEvents.HandshakeFailedAuth, SubscriptionWait.Timeout, out _));
        Assert.Equal(PrivacyState.Capturing, _privacy.State);
    }

    [Fact]
    public void A_pause_whose_handler_throws_stays_paused_is_answered_failed_and_the_server_keeps_answering()
    {
        _privacy.StateChanged += (_, _) => throw new IOException("the camera could not stop");

        ControlReply reply = Ask("""{"schema":"edgemer.control/1","id":"p1","command":"pause"}""");

        Assert.False(reply.Ok);
        Assert.Equal(ControlErrorCode.Failed, reply.Error!.Code);
        Assert.Contains("the camera could not stop", reply.Error.Message, StringComparison.Ordinal);
        Assert.True(reply.Paused);
        Assert.Equal(PrivacyState.Paused, _privacy.State);
        Assert.True(Ask("""{"schema":"edgemer.control/1","id":"s1","command":"status"}""").Ok);
    }

    [Fact]
    public void A_command_that_throws_is_answered_failed_and_the_server_keeps_answering()
    {
        _commands.Status = () => throw new InvalidOperationException("the pipeline is restarting");

        ControlReply reply = Ask("""{"schema":"edgemer.control/1","id":"s1","command":"status"}""");

        Assert.False(reply.Ok);
        Assert.Equal(ControlErrorCode.Failed, reply.Error!.Code);
        Assert.Contains("the pipeline is restarting", reply.Error.Message, StringComparison.Ordinal);
        _commands.Status = null;
        Assert.True(Ask("""{"schema":"edgemer.control/1","id":"s2","command":"status"}""").Ok);
    }

    [Fact]
    public void A_command_result_that_cannot_be_written_as_JSON_is_answered_failed_and_the_server_keeps_answering()
    {
        _commands.Status = () => new ControlStatus("dev-1", "0.1.0", Paused: false, UptimeSeconds: double.NaN, Published: 0, Dropped: 0);

        ControlReply reply = Ask("""{"schema":"edgemer.control/1","id":"s1","command":"status"}""");

        Assert.False(reply.Ok);
        Assert.Equal("s1", reply.Id);
        Assert.Equal(ControlErrorCode.Failed, reply.Error!.Code);
        Assert.Contains("the reply could not be written", reply.Error.Message, StringComparison.Ordinal);
        _commands.Status = null;
        Assert.True(Ask("""{"schema":"edgemer.control/1","id":"s2","command":"status"}""").Ok);
    }

    private ControlReply Ask(string request)
    {
        _client.Send(Encoding.UTF8.GetBytes(request));
        return ReadReply();
    }

    private ControlReply ReadReply()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(_client.Receive(buffer, out bool more), "no reply");
        Assert.False(more);
        string json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Empty(Schema.Validate(json, "reply"));
        return JsonSerializer.Deserialize(json, ControlJsonContext.Default.ControlReply)!;
    }

    private static EmotionSummary NextSummary(ZmqSocket sub, int second)
    {
        while (true)
        {
            Assert.True(SubscriptionWait.TryReceiveMessage(sub, out byte[] frame));
            var message = (SummaryMessage)WireMessage.Parse(frame);
            if (message.Summary.Window.Start == WireSamples.Start.AddSeconds(second))
            {
                return message.Summary;
            }
        }
    }

    private sealed class RecordingCommands : IControlCommands
    {
        public ReloadResult NextReload { get; set; } = new(true, "reloaded");

        public int Reloads { get; private set; }

        public Func<ControlStatus>? Status { get; set; }

        public ControlStatus GetStatus() => Status is { } status ? status() : new("dev-1", "0.1.0", Paused: false, UptimeSeconds: 12.5, Published: 42, Dropped: 0);

        public ReloadResult Reload()
        {
            Reloads++;
            return NextReload;
        }
    }
}
