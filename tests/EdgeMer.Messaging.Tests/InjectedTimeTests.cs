using System.Buffers;
using System.Text.Json;
using EdgeMer.Messaging.Control;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// The messaging threads pause after a failure on the <see cref="TimeProvider"/> they are given, so
/// a test drives their clock. Each test checks that the thread waits while the fake clock stands
/// still (a short real-time window in which nothing may happen), then goes on once it is advanced.
/// </summary>
public sealed class InjectedTimeTests : IDisposable
{
    // Long enough for a thread that paused on the real clock (10 ms after a first failure) to be done.
    private static readonly TimeSpan s_standingStill = TimeSpan.FromMilliseconds(300);

    private readonly ZmqContext _context = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void After_a_failed_request_the_control_server_pauses_on_the_injected_clock()
    {
        var logger = new RecordingLogger<ControlServer>();
        int failures = 1;
        logger.BeforeRecording = logged =>
        {
            // A logging provider that fails on the first command: that iteration fails.
            if (logged.EventId == 1302 && Interlocked.Decrement(ref failures) >= 0)
            {
                throw new IOException("the log disk is full");
            }
        };
        using var server = new ControlServer(_context, new ControlServerOptions { Endpoint = "tcp://127.0.0.1:*" }, new FixedControlCommands(), new PrivacySwitch(), logger: logger, timeProvider: _time);
        using ZmqSocket client = _context.CreateSocket(ZmqSocketType.Dealer);
        client.Connect(server.Endpoint);
        client.Send("""{"schema":"edgemer.control/1","id":"lost","command":"status"}"""u8);
        Assert.True(SpinWait.SpinUntil(() => logger.Has(1306), SubscriptionWait.Timeout), "the failure was not reported");

        client.Send("""{"schema":"edgemer.control/1","id":"next","command":"status"}"""u8);
        var reply = new ArrayBufferWriter<byte>();
        client.ReceiveTimeout = s_standingStill;
        Assert.False(client.Receive(reply, out _), "the server answered while its clock stood still");

        _time.Advance(MessagingRetry.MaxPause);
        client.ReceiveTimeout = SubscriptionWait.Timeout;
        Assert.True(client.Receive(reply, out _), "the server did not answer once its clock passed the pause");
        Assert.Equal("next", JsonSerializer.Deserialize(reply.WrittenSpan, ControlJsonContext.Default.ControlReply)!.Id);
    }

    [Fact]
    public void After_a_failed_message_the_publisher_pauses_on_the_injected_clock()
    {
        HookedPrivacySwitch privacy = HookedPrivacySwitch.FailingFirstReads(1);
        var logger = new RecordingLogger<SummaryPublisher>();
        using var publisher = new SummaryPublisher(_context, SummaryPublisherTests.Options(), privacy, logger: logger, timeProvider: _time);
        Assert.True(publisher.TryPublish(WireSamples.FullSummary()));
        Assert.True(SpinWait.SpinUntil(() => logger.Has(1203), SubscriptionWait.Timeout), "the failure was not reported");

        Assert.True(publisher.TryPublish(WireSamples.FullSummary(second: 1)));
        Assert.False(SpinWait.SpinUntil(() => publisher.Pending == 0, s_standingStill), "the publisher went on while its clock stood still");

        _time.Advance(MessagingRetry.MaxPause);
        SummaryPublisherTests.WaitUntilDrained(publisher);
        Assert.Equal(1, publisher.Counters.Published);
        Assert.Equal(1, publisher.Counters.DroppedFailed);
    }

    [Fact]
    public void Freed_memory_is_returned_at_most_once_a_second_and_always_after_the_last_refusal()
    {
        Assert.True(FreedMemoryRelease.IsAvailable, "malloc_trim is missing: not glibc on Linux");
        var trims = new List<long>();
        using var release = new FreedMemoryRelease(_time, (bytes, _) => trims.Add(bytes));

        release.Request(10);
        _time.Advance(TimeSpan.Zero);
        Assert.Equal([10L], trims);

        // Two more refusals within the second: one trim for both, a second after the first.
        release.Request(20);
        release.Request(5);
        _time.Advance(FreedMemoryRelease.MinInterval - TimeSpan.FromMilliseconds(1));
        Assert.Equal([10L], trims);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([10L, 25L], trims);
    }
}
