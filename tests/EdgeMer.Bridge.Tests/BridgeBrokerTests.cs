using System.Buffers;
using System.Text;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;

namespace EdgeMer.Bridge.Tests;

/// <summary>
/// The bridge between real EdgeMer publishers and a real Mosquitto, read back by an independent
/// subscriber (python3-paho-mqtt).
/// </summary>
public sealed class BridgeBrokerTests : IDisposable
{
    private readonly BridgeFolder _folder = new();
    private readonly Mosquitto _broker;

    public BridgeBrokerTests() => _broker = Mosquitto.Start(_folder.Path);

    public void Dispose()
    {
        _broker.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Documents_arrive_on_the_devices_topics_byte_identical_to_what_the_devices_published()
    {
        using var first = new TestDevice("cabin-1");
        using var second = new TestDevice("cabin-2");
        using ZmqSocket tap = first.Tap();
        using var subscriber = MqttSubscriber.Start(_broker.Port);
        await using MqttBridge bridge = MqttBridge.Start(Options(first.Endpoint, second.Endpoint));
        WaitUntilBridged(first, subscriber);
        WaitUntilBridged(second, subscriber);

        for (int i = 0; i < 3; i++)
        {
            first.PublishSummary();
            first.PublishAlert();
            second.PublishAlert();
        }

        subscriber.WaitUntil(s => s.On("edgemer/cabin-1/summary").Count >= 3 && s.On("edgemer/cabin-1/alert").Count >= 3 && s.On("edgemer/cabin-2/alert").Count >= 3,
            "the summaries and alerts did not all arrive");

        // What the device sent, frame by frame, split at the topic as every subscriber does.
        List<(string Topic, byte[] Document)> sent = Drain(tap);
        Assert.Equal(Documents(sent, WireTopics.Summary), subscriber.On("edgemer/cabin-1/summary").Select(m => m.Payload));
        Assert.Equal(Documents(sent, WireTopics.Alert), subscriber.On("edgemer/cabin-1/alert").Select(m => m.Payload));
        Assert.All(subscriber.On("edgemer/cabin-1/alert"), m => Assert.Equal(1, m.Qos));
        Assert.All(subscriber.On("edgemer/cabin-1/summary"), m => Assert.Equal(0, m.Qos));
        Assert.Equal([0L, 1, 2], subscriber.On("edgemer/cabin-2/alert").Select(m => m.Sequence));
        Assert.Equal(0, bridge.Counters.Malformed + bridge.Counters.Oversized);
        Assert.Equal(0, bridge.Counters.Devices["cabin-1"].Missing(MessageKind.Alert));
    }

    [Fact]
    public async Task Every_alert_raised_while_the_broker_is_down_arrives_in_order_when_it_returns()
    {
        using var device = new TestDevice("cabin-1");
        using var subscriber = MqttSubscriber.Start(_broker.Port, clientId: "dashboard");
        BridgeOptions options = Options(device.Endpoint);

        // Summaries go at QoS 0, which a broker does not keep for a subscriber that is away (as this
        // one is while the broker restarts); retained, the latest reaches it when it subscribes again.
        options.RetainSummaries = true;
        await using MqttBridge bridge = MqttBridge.Start(options);
        WaitUntilBridged(device, subscriber);

        _broker.Stop();
        Eventually.True(() => !bridge.Counters.Connected, "the bridge did not notice the broker had gone");
        long replacedBefore = bridge.Counters.SummariesReplaced;
        int summariesBefore = subscriber.On("edgemer/cabin-1/summary").Count;
        const int raised = 40;
        for (int i = 0; i < raised; i++)
        {
            device.PublishAlert();
            device.PublishSummary();
        }

        Eventually.True(() => bridge.Alerts.Count == raised, $"the bridge queued {bridge.Alerts.Count} of {raised} alerts");

        // The last summary comes after the last alert: the broker returns once the bridge holds it.
        Eventually.True(() => bridge.Counters.SummariesReplaced - replacedBefore == raised - 1, $"the bridge replaced {bridge.Counters.SummariesReplaced - replacedBefore} of {raised - 1} summaries");
        _broker.Restart();

        subscriber.WaitUntil(s => s.On("edgemer/cabin-1/alert").Select(m => m.Sequence).Distinct().Count() == raised, "not every alert arrived after the broker returned");
        AssertInOrderAtLeastOnce(subscriber.On("edgemer/cabin-1/alert").Select(m => m.Sequence).ToList(), raised);
        Eventually.True(() => bridge.Alerts.Count == 0, "the queue was not emptied");
        Assert.Equal(0, bridge.Alerts.Dropped);

        // Summaries are latest-wins while the broker is away: the bridge kept the last one, and says how many it replaced.
        Assert.Equal(raised - 1, bridge.Counters.SummariesReplaced - replacedBefore);
        subscriber.WaitUntil(s => s.On("edgemer/cabin-1/summary").Count > summariesBefore, "the latest summary did not arrive");
        Assert.Equal(raised - 1, subscriber.On("edgemer/cabin-1/summary")[summariesBefore].Sequence);
    }

    [Fact]
    public void Alerts_queued_when_the_bridge_is_killed_mid_outage_arrive_after_it_restarts()
    {
        using var device = new TestDevice("cabin-1");
        using var subscriber = MqttSubscriber.Start(_broker.Port, clientId: "dashboard");
        string config = _folder["bridge.json"];
        File.WriteAllText(config, $$$"""
            {"Bridge": {
              "Id": "gateway-1",
              "Devices": [{"Endpoint": "{{{device.Endpoint}}}", "Device": "cabin-1"}],
              "Broker": {"Host": "127.0.0.1", "Port": {{{_broker.Port}}}, "MaxReconnectDelay": "00:00:00.5"},
              "AlertQueue": {"Directory": "{{{_folder["alerts"]}}}", "Capacity": 1000}
            }}
            """);
        using (var bridge = BridgeProcess.Start(config))
        {
            WaitUntilBridged(device, subscriber, () => bridge.Output);
            _broker.Stop();
            const int raised = 25;
            for (int i = 0; i < raised; i++)
            {
                device.PublishAlert();
            }

            Eventually.True(() => Directory.GetFiles(_folder["alerts"], "*.alert").Length == raised, "the bridge did not queue every alert on disk");
            bridge.Signal("KILL");
            bridge.WaitForExit();
        }

        _broker.Restart();
        using (BridgeProcess.Start(config))
        {
            subscriber.WaitUntil(s => s.On("edgemer/cabin-1/alert").Select(m => m.Sequence).Distinct().Count() == 25, "the alerts queued before the crash did not all arrive");
            AssertInOrderAtLeastOnce(subscriber.On("edgemer/cabin-1/alert").Select(m => m.Sequence).ToList(), 25);
            Eventually.True(() => Directory.GetFiles(_folder["alerts"], "*.alert").Length == 0, "the delivered alerts stayed queued");
        }
    }

    [Fact]
    public async Task Malformed_and_oversized_messages_are_refused_counted_and_never_forwarded()
    {
        using var device = new TestDevice("cabin-1");
        using ZmqSocket tap = device.Tap();
        device.PublishHealth();
        byte[] valid = Drain(tap).Select(f => Encoding.ASCII.GetBytes(f.Topic + " ").Concat(f.Document).ToArray()).First();
        using ZmqSocket impostor = device.Context.CreateSocket(ZmqSocketType.Pub);
        impostor.Bind("tcp://127.0.0.1:*");
        using var subscriber = MqttSubscriber.Start(_broker.Port);
        await using MqttBridge bridge = MqttBridge.Start(Options(impostor.LastEndpoint));

        // Until the bridge's subscription has reached the publisher, what it sends is lost.
        Eventually.True(() => { impostor.TrySend("not an EdgeMer message"u8); return bridge.Counters.Malformed > 0; }, "the bridge never received from the publisher");
        long before = bridge.Counters.Malformed;

        byte[] oversized = [.. "emotion.summary "u8, .. Enumerable.Repeat((byte)'x', WireSchemas.MaxMessageBytes + 1)];
        Assert.True(impostor.TrySend(oversized));
        Assert.True(impostor.TrySend("emotion.alert {\"schema\":\"edgemer.alert/1\"}"u8));
        Assert.True(impostor.TrySend("emotion.alert "u8, more: true) && impostor.TrySend(valid.AsSpan(valid.AsSpan().IndexOf((byte)' ') + 1)));
        Assert.True(impostor.TrySend(Encoding.UTF8.GetString(valid).Replace("edgemer.health/1", "edgemer.health/2", StringComparison.Ordinal).Select(c => (byte)c).ToArray()));
        Assert.True(impostor.TrySend(valid));

        // ZeroMQ keeps one publisher's order, so once the valid one arrives, everything before it was judged.
        subscriber.WaitUntil(s => s.Messages.Any(m => m.Topic == "edgemer/cabin-1/health"), "the valid message after the refused ones did not arrive");
        Assert.Equal(1, bridge.Counters.Oversized);
        Assert.True(bridge.Counters.Malformed - before >= 3, $"{bridge.Counters.Malformed - before} malformed counted after the first");
        Assert.All(subscriber.Messages.Where(m => !m.Topic.StartsWith("edgemer/bridge/", StringComparison.Ordinal)), m => Assert.Equal(valid.AsSpan(valid.AsSpan().IndexOf((byte)' ') + 1).ToArray(), m.Payload));
        Assert.Equal(bridge.Counters.Malformed - before, (long)bridge.Health().Intake.Malformed - before);
    }

    [Fact]
    public async Task Sequence_gaps_seen_on_ZeroMQ_are_counted_per_device_and_kind_apart_from_the_bridges_own_drops()
    {
        using var device = new TestDevice("cabin-1");
        using ZmqSocket tap = device.Tap();
        device.PublishHealth();
        byte[] health = Drain(tap).Where(f => f.Topic == WireTopics.Health).Select(f => f.Document).First();
        using ZmqSocket publisher = device.Context.CreateSocket(ZmqSocketType.Pub);
        publisher.Bind("tcp://127.0.0.1:*");
        using var subscriber = MqttSubscriber.Start(_broker.Port);
        await using MqttBridge bridge = MqttBridge.Start(Options(publisher.LastEndpoint));
        Eventually.True(() => bridge.Counters.Connected, "the bridge did not connect to the broker");
        byte[] Health(long sequence) => Encoding.ASCII.GetBytes("health " + System.Text.RegularExpressions.Regex.Replace(Encoding.ASCII.GetString(health), "\"sequence\":\\d+", $"\"sequence\":{sequence}"));

        // Until the bridge's subscription has reached the publisher, what it sends is lost: send 0 until it arrives.
        Eventually.True(() => { publisher.TrySend(Health(0)); return bridge.Counters.Devices.ContainsKey("cabin-1"); }, "the bridge never received from the publisher");
        long OwnDrops() => bridge.Counters.SummariesDropped + bridge.Counters.SummariesReplaced + bridge.Alerts.Dropped;
        long ownDropsBefore = OwnDrops();
        foreach (long sequence in new long[] { 1, 2, 6, 7, 10 })
        {
            Assert.True(publisher.TrySend(Health(sequence)));
        }

        subscriber.WaitUntil(s => s.On("edgemer/cabin-1/health").Any(m => m.Sequence == 10), "the last health report did not arrive");
        DeviceCounters counters = bridge.Counters.Devices["cabin-1"];
        Assert.Equal(3 + 2, counters.Missing(MessageKind.Health));
        Assert.Equal(0, counters.Missing(MessageKind.Summary) + counters.Missing(MessageKind.Alert));
        Assert.Equal(ownDropsBefore, OwnDrops());
        BridgeDeviceHealth reported = Assert.Single(bridge.Health().Devices);
        Assert.Equal(5, reported.Missing.Health);
    }

    [Fact]
    public async Task The_bridge_speaks_MQTT_5_to_a_broker_that_does_and_falls_back_to_3_1_1_for_one_that_does_not()
    {
        using var device = new TestDevice("cabin-1");
        using var subscriber = MqttSubscriber.Start(_broker.Port);
        await using (MqttBridge five = MqttBridge.Start(Options(device.Endpoint)))
        {
            WaitUntilBridged(device, subscriber);
            Assert.Equal("5", five.Counters.Protocol);
        }

        using var old = ServiceProcess.Start(TestPrograms.DebianPython, ["-u", Path.Combine(AppContext.BaseDirectory, "peers", "mqtt311_only_broker.py")]);
        string? port = old.WaitForLine(l => int.TryParse(l, out _), TimeSpan.FromSeconds(30));
        Assert.NotNull(port);
        BridgeOptions options = Options(device.Endpoint);
        options.Broker.Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
        options.AlertQueue.Directory = _folder["alerts-old"];
        await using MqttBridge bridge = MqttBridge.Start(options);
        Assert.NotNull(old.WaitForLine(l => l == "connect level 5"));
        Assert.NotNull(old.WaitForLine(l => l == "connect level 4"));
        Eventually.True(() => bridge.Counters.Connected, $"the bridge did not connect to the 3.1.1 broker: {bridge.Counters.LastConnectError}");
        Assert.Equal("3.1.1", bridge.Counters.Protocol);

        // And alerts go through it at QoS 1, acknowledged.
        Eventually.True(() => { device.PublishHealth(); return bridge.Counters.Devices.ContainsKey("cabin-1"); }, "the bridge never received from the device");
        device.PublishAlert();
        Assert.NotNull(old.WaitForLine(l => l == "publish qos 1"));
        Eventually.True(() => bridge.Counters.AlertsPublished == 1, "the alert was not acknowledged by the 3.1.1 broker");
    }

    internal BridgeOptions Options(params string[] endpoints) => new()
    {
        Id = "gateway-1",
        Devices = [.. endpoints.Select(e => new BridgeDeviceOptions { Endpoint = e })],
        Broker = new BrokerOptions { Host = "127.0.0.1", Port = _broker.Port, ClientId = $"bridge-{Guid.NewGuid():N}", MaxReconnectDelay = TimeSpan.FromMilliseconds(500) },
        AlertQueue = new AlertQueueOptions { Directory = _folder["alerts"], Capacity = 1000 },
        HealthInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>Publishes health until it reaches the subscriber through the bridge: from then on, the whole path is up.</summary>
    internal static void WaitUntilBridged(TestDevice device, MqttSubscriber subscriber, Func<string>? bridgeOutput = null)
    {
        // What the device publishes before the bridge's subscription reaches it is lost, so health
        // is published again between short waits until one comes through.
        string topic = $"edgemer/{device.Id}/health";
        long deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            device.PublishHealth();
            if (subscriber.TryWaitUntil(s => s.On(topic).Count > 0, TimeSpan.FromMilliseconds(200)))
            {
                return;
            }
        }

        Assert.Fail($"the device's health never reached the broker; the subscriber printed:\n{subscriber.Output}{(bridgeOutput is null ? "" : "\nthe bridge printed:\n" + bridgeOutput())}");
    }

    internal static void AssertInOrderAtLeastOnce(List<long> sequences, int raised)
    {
        // At-least-once: an alert the broker took but did not acknowledge before a failure is sent
        // again, right after itself. Without repeats, the alerts are exactly those raised, in order.
        var firsts = new List<long>();
        foreach (long s in sequences)
        {
            if (firsts.Count == 0 || s > firsts[^1])
            {
                firsts.Add(s);
            }
            else
            {
                Assert.True(firsts.Contains(s), $"alert {s} arrived out of order: {string.Join(' ', sequences)}");
            }
        }

        Assert.Equal(Enumerable.Range(0, raised).Select(i => (long)i), firsts);
    }

    private static List<(string Topic, byte[] Document)> Drain(ZmqSocket tap)
    {
        var frames = new List<(string, byte[])>();
        var buffer = new ArrayBufferWriter<byte>();
        tap.ReceiveTimeout = TimeSpan.FromMilliseconds(200);
        while (tap.Receive(buffer, out _))
        {
            WireMessage.Split(buffer.WrittenSpan, out ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> document);
            frames.Add((Encoding.ASCII.GetString(topic), document.ToArray()));
            buffer.ResetWrittenCount();
        }

        return frames;
    }

    private static IEnumerable<byte[]> Documents(List<(string Topic, byte[] Document)> frames, string topic) =>
        frames.Where(f => f.Topic == topic).Select(f => f.Document);
}
