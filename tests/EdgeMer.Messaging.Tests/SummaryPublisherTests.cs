using System.Text;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Tests;

public sealed class SummaryPublisherTests : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly PrivacySwitch _privacy = new();

    public void Dispose() => _context.Dispose();

    internal static SummaryPublisherOptions Options(int highWaterMark = 1000) => new()
    {
        DeviceId = "dev-1",
        Endpoints = ["tcp://127.0.0.1:*"],
        SendHighWaterMark = highWaterMark,
    };

    [Fact]
    public void Summaries_alerts_and_health_arrive_on_their_topics_as_schema_valid_JSON()
    {
        using var publisher = new SummaryPublisher(_context, Options(), _privacy);
        using ZmqSocket sub = Subscribe(publisher.Endpoints[0], "");

        byte[] summary = SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.FullSummary()));
        publisher.TryPublish(WireSamples.Alert());
        publisher.TryPublish(WireSamples.Health());
        byte[] alert = ReceiveTopic(sub, WireTopics.Alert);
        byte[] health = ReceiveTopic(sub, WireTopics.Health);

        foreach ((byte[] message, string topic) in new[] { (summary, WireTopics.Summary), (alert, WireTopics.Alert), (health, WireTopics.Health) })
        {
            // One frame: the topic, one space, then the document.
            Assert.StartsWith(topic + " {", Encoding.UTF8.GetString(message), StringComparison.Ordinal);
            string document = Encoding.UTF8.GetString(message, topic.Length + 1, message.Length - topic.Length - 1);
            Assert.True(Encoding.UTF8.GetByteCount(document) < WireSchemas.MaxMessageBytes);
            Assert.Empty(WireMessageTests.Schema.Validate(document));
        }

        var parsedAlert = Assert.IsType<AlertMessage>(WireMessage.Parse(alert));
        Assert.Equal(0, parsedAlert.Sequence);
        Assert.Equal(AlertReason.EyesClosedTooLong, parsedAlert.Alert.Reason);
        var parsedHealth = Assert.IsType<HealthMessage>(WireMessage.Parse(health));
        Assert.True(parsedHealth.Egress.Published >= 2);
        Assert.Equal("cpu", parsedHealth.Health.Provider);
    }

    [Fact]
    public void A_subscriber_to_one_topic_gets_only_that_topic_with_consecutive_sequence_numbers()
    {
        using var publisher = new SummaryPublisher(_context, Options(), _privacy);
        using ZmqSocket sub = Subscribe(publisher.Endpoints[0], WireTopics.Health);
        byte[] first = SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.Health()));
        long firstSequence = ((HealthMessage)WireMessage.Parse(first)).Sequence;

        publisher.TryPublish(WireSamples.FullSummary());
        publisher.TryPublish(WireSamples.Health());
        publisher.TryPublish(WireSamples.Health());

        for (long expected = firstSequence + 1; expected <= firstSequence + 2;)
        {
            Assert.True(SubscriptionWait.TryReceiveMessage(sub, out byte[] message));
            var health = Assert.IsType<HealthMessage>(WireMessage.Parse(message));
            if (health.Sequence > firstSequence)
            {
                Assert.Equal(expected++, health.Sequence);
            }
        }
    }

    [Fact]
    public void A_subscription_ending_in_the_separator_matches_one_topic_exactly()
    {
        using var publisher = new SummaryPublisher(_context, Options(), _privacy);
        using ZmqSocket sub = Subscribe(publisher.Endpoints[0], WireTopics.Summary + " ");
        SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.FullSummary()));

        publisher.TryPublish(WireSamples.Alert());
        publisher.TryPublish(WireSamples.Health());
        publisher.TryPublish(WireSamples.FullSummary(second: 9));

        // Messages on one connection arrive in order: had the alert or health passed the filter, it would come before the last summary.
        ReceiveUntil(sub, m => Assert.IsType<SummaryMessage>(m).Summary.Window.Start == WireSamples.Start.AddSeconds(9));
    }

    [Fact]
    public void While_paused_summaries_say_paused_and_carry_nothing_else_and_alerts_are_withheld()
    {
        using var publisher = new SummaryPublisher(_context, Options(), _privacy);
        using ZmqSocket sub = Subscribe(publisher.Endpoints[0], "emotion.");
        SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.FullSummary()));

        _privacy.SwitchTo(PrivacyState.Paused);
        publisher.TryPublish(WireSamples.Alert());
        publisher.TryPublish(WireSamples.FullSummary(second: 7));

        byte[] message = ReceiveUntil(sub, m => m is SummaryMessage s && s.Summary.Window.Start == WireSamples.Start.AddSeconds(7));
        string json = Encoding.UTF8.GetString(message)[(WireTopics.Summary.Length + 1)..];
        Assert.Contains("\"paused\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"emotions\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"modalities\":[]", json, StringComparison.Ordinal);
        Assert.Empty(WireMessageTests.Schema.Validate(json));
        Assert.Equal(1, publisher.Counters.Suppressed);
    }

    [Fact]
    public void Publisher_keeps_a_healthy_subscriber_whole_while_another_stalls()
    {
        // Batches far below the high-water mark, so the healthy subscriber's queue never fills.
        using var publisher = new SummaryPublisher(_context, WithoutHeartbeats(Options(highWaterMark: 1000)), _privacy);
        using ZmqSocket stalled = Subscribe(publisher.Endpoints[0], WireTopics.Summary, receiveHighWaterMark: 10);
        using ZmqSocket healthy = Subscribe(publisher.Endpoints[0], WireTopics.Summary);
        SubscriptionWait.ReceiveWhilePublishing(stalled, () => publisher.TryPublish(WireSamples.FullSummary()));
        SubscriptionWait.ReceiveWhilePublishing(healthy, () => publisher.TryPublish(WireSamples.FullSummary()));
        WaitUntilDrained(publisher);

        // Only summaries are published here, numbered from 0, and none was dropped.
        long firstOfBurst = publisher.Counters.Published;
        long next = firstOfBurst;

        // The stalled subscriber reads nothing more, while far more than its queues and the
        // kernel's buffers hold is published in batches the healthy one keeps up with.
        const int Batches = 300;
        const int BatchSize = 100;
        EmotionSummary summary = WireSamples.FullSummary(second: 1);
        for (int batch = 0; batch < Batches; batch++)
        {
            for (int i = 0; i < BatchSize; i++)
            {
                Assert.True(publisher.TryPublish(summary), $"TryPublish refused a message: {publisher.Counters}");
            }

            for (int i = 0; i < BatchSize; i++)
            {
                long sequence;
                do
                {
                    // Skips what is left of the warm-up.
                    Assert.True(SubscriptionWait.TryReceiveMessage(healthy, out byte[] message), $"the healthy subscriber timed out waiting for sequence {next} (batch {batch}, {publisher.Counters}, pending {publisher.Pending})");
                    sequence = ((SummaryMessage)WireMessage.Parse(message)).Sequence;
                }
                while (sequence < firstOfBurst);

                Assert.Equal(next++, sequence);
            }
        }

        WaitUntilDrained(publisher);
        Assert.Equal(0, publisher.Counters.Dropped);

        // The stalled subscriber lost what its own queues could not take, and sees the gap.
        stalled.ReceiveTimeout = TimeSpan.FromMilliseconds(25);
        var sequences = new List<long>();
        bool caughtUp = false;
        long deadline = Environment.TickCount64 + (long)SubscriptionWait.Timeout.TotalMilliseconds;
        while (!caughtUp && Environment.TickCount64 < deadline)
        {
            // Messages published now reach it again: the last of them says it has caught up.
            publisher.TryPublish(WireSamples.FullSummary(second: 2));
            while (SubscriptionWait.TryReceiveMessage(stalled, out byte[] message))
            {
                var received = (SummaryMessage)WireMessage.Parse(message);
                sequences.Add(received.Sequence);
                caughtUp |= received.Summary.Window.Start == WireSamples.Start.AddSeconds(2);
            }
        }

        Assert.True(caughtUp, "the stalled subscriber never caught up once it read again");
        Assert.Contains(sequences.Zip(sequences.Skip(1)), pair => pair.Second > pair.First + 1);
    }

    [Fact]
    public void A_subscriber_that_sends_an_oversized_frame_is_disconnected()
    {
        using var publisher = new SummaryPublisher(_context, Options(), _privacy);
        using ZmqSocket sub = _context.CreateSocket(ZmqSocketType.Sub);
        using ZmqSocketMonitor events = sub.Monitor(ZmqMonitorEvents.Disconnected);

        // A subscription is a frame from the subscriber; this one is over the publisher's limit.
        sub.Subscribe(new string('x', SummaryPublisher.MaxInboundFrameBytes + 1));
        sub.Connect(publisher.Endpoints[0]);

        Assert.True(events.WaitFor(ZmqMonitorEvents.Disconnected, SubscriptionWait.Timeout, out _), "the publisher kept a subscriber that sent an oversized frame");
    }

    [Fact]
    public void Publishing_without_any_subscriber_returns_at_once()
    {
        using var publisher = new SummaryPublisher(_context, Options(), _privacy);

        for (int i = 0; i < 100; i++)
        {
            Assert.True(publisher.TryPublish(WireSamples.FullSummary()));
        }

        WaitUntilDrained(publisher);
        Assert.Equal(100, publisher.Counters.Published);
    }

    [Fact]
    public void A_message_that_fails_on_the_publisher_thread_is_counted_as_dropped_and_publishing_goes_on()
    {
        HookedPrivacySwitch privacy = HookedPrivacySwitch.FailingFirstReads(1);
        var logger = new RecordingLogger<SummaryPublisher>();
        using var publisher = new SummaryPublisher(_context, Options(), privacy, logger: logger);

        Assert.True(publisher.TryPublish(WireSamples.FullSummary()));
        WaitUntilDrained(publisher);
        Assert.True(publisher.TryPublish(WireSamples.FullSummary(second: 1)));
        WaitUntilDrained(publisher);

        Assert.Equal(1, publisher.Counters.DroppedFailed);
        Assert.Equal(1, publisher.Counters.Dropped);
        Assert.Equal(1, publisher.Counters.Published);
        LoggedEvent failed = Assert.Single(logger.Events, e => e.EventId == 1203);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Contains(WireTopics.Summary, failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_publisher_thread_is_behind_a_full_queue_refuses_the_message_and_counts_it()
    {
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var privacy = new HookedPrivacySwitch
        {
            BeforeRead = () =>
            {
                held.Set();
                release.Wait(SubscriptionWait.Timeout);
            },
        };
        SummaryPublisherOptions options = Options();
        options.QueueCapacity = 1;
        using var publisher = new SummaryPublisher(_context, options, privacy);

        try
        {
            Assert.True(publisher.TryPublish(WireSamples.FullSummary()));
            Assert.True(held.Wait(SubscriptionWait.Timeout), "the publisher thread never took the first message");

            // The first message is still being handled, so the queue of one is full.
            Assert.False(publisher.TryPublish(WireSamples.FullSummary(second: 1)));
            Assert.Equal(1, publisher.Counters.DroppedQueueFull);
            Assert.Equal(1, publisher.Pending);
        }
        finally
        {
            release.Set();
        }

        WaitUntilDrained(publisher);
        Assert.Equal(1, publisher.Counters.Published);
        Assert.Equal(1, publisher.Counters.Dropped);
        Assert.True(publisher.TryPublish(WireSamples.FullSummary(second: 2)));
    }

    [Fact]
    public void The_largest_health_report_with_the_longest_device_id_is_published_under_4_KB()
    {
        SummaryPublisherOptions options = Options();
        options.DeviceId = new string('d', 64);
        using var publisher = new SummaryPublisher(_context, options, _privacy);
        using ZmqSocket sub = Subscribe(publisher.Endpoints[0], WireTopics.Health);

        byte[] message = SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.LargestHealth()));

        // The egress counters the publisher adds can grow by up to 18 digits each (five of them) over a device's life.
        int documentBytes = message.Length - (WireTopics.Health.Length + 1);
        Assert.True(documentBytes + (5 * 18) < WireSchemas.MaxMessageBytes, $"{documentBytes} bytes");
        Assert.Equal(0, publisher.Counters.DroppedOversized);
        Assert.Empty(WireMessageTests.Schema.Validate(Encoding.UTF8.GetString(message)[(WireTopics.Health.Length + 1)..]));
    }

    [Fact]
    public void An_oversized_message_is_counted_as_oversized_not_as_congestion_and_health_reports_it()
    {
        var logger = new RecordingLogger<SummaryPublisher>();
        SummaryPublisherOptions options = Options();
        options.DeviceId = new string('d', 64);
        // Every typed message fits the real limit (WireMessageTests); a lower one reaches the guard.
        options.MaxMessageBytes = 2048;
        using var publisher = new SummaryPublisher(_context, options, _privacy, logger: logger);
        using ZmqSocket sub = Subscribe(publisher.Endpoints[0], WireTopics.Health);
        SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.Health()));

        Assert.True(publisher.TryPublish(WireSamples.LargestHealth()));
        WaitUntilDrained(publisher);

        Assert.True(publisher.Counters.DroppedOversized == 1, $"the largest health message was not refused as oversized (limits changed?): {publisher.Counters}");
        Assert.Equal(publisher.Counters.DroppedOversized, publisher.Counters.Dropped);
        Assert.Equal(LogLevel.Error, Assert.Single(logger.Events, e => e.EventId == 1202).Level);
        publisher.TryPublish(WireSamples.Health());
        byte[] next = ReceiveUntil(sub, m => m is HealthMessage h && h.Egress.Oversized == 1);
        HealthMessage health = (HealthMessage)WireMessage.Parse(next);
        Assert.True(health.Egress.Dropped >= 1);
        Assert.Equal(0, health.Egress.Failed);
        Assert.Empty(WireMessageTests.Schema.Validate(Encoding.UTF8.GetString(next)[(WireTopics.Health.Length + 1)..]));
    }

    [Fact]
    public void TryPublish_after_dispose_returns_false_instead_of_throwing()
    {
        var publisher = new SummaryPublisher(_context, Options(), _privacy);
        publisher.Dispose();

        Assert.False(publisher.TryPublish(WireSamples.FullSummary()));
        Assert.False(publisher.TryPublish(WireSamples.Alert()));
        Assert.False(publisher.TryPublish(WireSamples.Health()));
        Assert.Equal(0, publisher.Pending);
    }

    [Fact]
    public void TryPublish_racing_dispose_never_throws_and_leaves_nothing_pending()
    {
        for (int round = 0; round < 20; round++)
        {
            var publisher = new SummaryPublisher(_context, Options(), _privacy);
            Exception? failure = null;
            bool disposed = false;
            int published = 0;
            var producer = new Thread(() =>
            {
                try
                {
                    EmotionSummary summary = WireSamples.FullSummary();
                    while (!Volatile.Read(ref disposed))
                    {
                        if (publisher.TryPublish(summary))
                        {
                            Interlocked.Increment(ref published);
                        }
                    }

                    if (publisher.TryPublish(summary))
                    {
                        throw new InvalidOperationException("TryPublish accepted a message after Dispose returned");
                    }
                }
                catch (Exception e)
                {
                    failure = e;
                }
            });
            producer.Start();
            SpinWait.SpinUntil(() => Volatile.Read(ref published) > 0, SubscriptionWait.Timeout);

            publisher.Dispose();
            Volatile.Write(ref disposed, true);
            Assert.True(producer.Join(SubscriptionWait.Timeout), "the producer did not finish");

            Assert.Null(failure);
            Assert.Equal(0, publisher.Pending);
            Assert.Equal(Volatile.Read(ref published), publisher.Counters.Published + publisher.Counters.Dropped - publisher.Counters.DroppedQueueFull);
        }
    }

    [Fact]
    public void Shutting_down_still_delivers_what_was_published_to_a_subscriber_that_is_behind()
    {
        // The device's own context: terminating it is what would discard undelivered messages.
        var deviceContext = new ZmqContext();
        SummaryPublisherOptions options = WithoutHeartbeats(Options(highWaterMark: 10_000));
        options.QueueCapacity = 1000;

        // A 64 KB kernel send buffer, the subscriber's queue of 10 and its kernel receive buffer hold
        // some 215 messages; the rest of a burst of 600 stays in libzmq's queue for the subscriber,
        // which a close with linger 0 would discard (that queue is far larger than the burst, so
        // nothing is lost on the way). The buffers are not smaller because libzmq writes its last
        // batch (8 KB) before the linger ends only if the kernel has room for it.
        options.SendBufferBytes = 64 * 1024;
        var publisher = new SummaryPublisher(deviceContext, options, _privacy);
        using ZmqSocket sub = Subscribe(publisher.Endpoints[0], WireTopics.Summary, receiveHighWaterMark: 10);
        SubscriptionWait.ReceiveWhilePublishing(sub, () => publisher.TryPublish(WireSamples.FullSummary()));
        WaitUntilDrained(publisher);

        // The subscriber reads nothing while the burst is published.
        const int Burst = 600;
        EmotionSummary summary = WireSamples.FullSummary(second: 1);
        for (int i = 0; i < Burst; i++)
        {
            Assert.True(publisher.TryPublish(summary));
        }

        WaitUntilDrained(publisher);
        using var closed = new ManualResetEventSlim();
        var shutdown = new Thread(() =>
        {
            publisher.Dispose();
            closed.Set();
            deviceContext.Dispose();
        });
        shutdown.Start();

        // The subscriber catches up only once the publisher's socket is closed, while the
        // device's context terminates.
        Assert.True(closed.Wait(SubscriptionWait.Timeout), "the publisher did not close");
        long received = 0;
        long deadline = Environment.TickCount64 + (long)SubscriptionWait.Timeout.TotalMilliseconds;
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(50);
        while (received < Burst && Environment.TickCount64 < deadline)
        {
            // Only the summaries of the burst count (their window starts at second 1); cheap to
            // check, so the subscriber keeps up.
            if (SubscriptionWait.TryReceiveMessage(sub, out byte[] message) && message.AsSpan().IndexOf("T08:30:01"u8) >= 0)
            {
                received++;
            }
        }

        Assert.True(shutdown.Join(SubscriptionWait.Timeout), "the shutdown did not finish");
        Assert.Equal(Burst, received);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_key_and_what_it_allows()
    {
        var options = new SummaryPublisherOptions { DeviceId = "has space", Endpoints = ["udp://x"], SendHighWaterMark = 0 };

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new SummaryPublisher(_context, options, _privacy));

        Assert.Contains(error.Failures, f => f.StartsWith("Messaging:Publisher:DeviceId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Messaging:Publisher:Endpoints:0 'udp://x' must be", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Messaging:Publisher:SendHighWaterMark 0 must be from 1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_endpoint_that_cannot_be_bound_fails_construction_with_the_libzmq_error()
    {
        using ZmqSocket squatter = _context.CreateSocket(ZmqSocketType.Pub);
        squatter.Bind("tcp://127.0.0.1:*");
        SummaryPublisherOptions options = Options();
        options.Endpoints = [squatter.LastEndpoint];

        var error = Assert.Throws<ZmqException>(() => new SummaryPublisher(_context, options, _privacy));

        Assert.Contains(squatter.LastEndpoint, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// For tests whose subscriber stops reading: a heartbeat can then wait behind its stopped input,
    /// and libzmq 4.3.4 answers it (zmtp_engine.cpp, process_heartbeat_message) when the input
    /// restarts, even after the connection failed meanwhile, which aborts the process on
    /// <c>zmq_assert (!_io_error)</c> (stream_engine_base.cpp:331). Seen once in the whole suite under
    /// load; the cause is read from libzmq's source, not reproduced. Heartbeats are not what these
    /// tests are about.
    /// </summary>
    private static SummaryPublisherOptions WithoutHeartbeats(SummaryPublisherOptions options)
    {
        options.HeartbeatInterval = TimeSpan.Zero;
        return options;
    }

    internal static void WaitUntilDrained(SummaryPublisher publisher)
    {
        Assert.True(SpinWait.SpinUntil(() => publisher.Pending == 0, SubscriptionWait.Timeout), "the publisher thread did not catch up");
    }

    private ZmqSocket Subscribe(string endpoint, string topic, int receiveHighWaterMark = 1000)
    {
        ZmqSocket sub = _context.CreateSocket(ZmqSocketType.Sub);
        sub.ReceiveHighWaterMark = receiveHighWaterMark;
        sub.ReceiveTimeout = SubscriptionWait.Timeout;
        sub.Subscribe(topic);
        sub.Connect(endpoint);
        return sub;
    }

    private static byte[] ReceiveTopic(ZmqSocket sub, string topic) =>
        ReceiveUntil(sub, m => (topic == WireTopics.Alert && m is AlertMessage) || (topic == WireTopics.Health && m is HealthMessage));

    private static byte[] ReceiveUntil(ZmqSocket sub, Func<object, bool> wanted)
    {
        while (true)
        {
            Assert.True(SubscriptionWait.TryReceiveMessage(sub, out byte[] message), "timed out waiting for the message");
            if (wanted(WireMessage.Parse(message)))
            {
                return message;
            }
        }
    }
}
