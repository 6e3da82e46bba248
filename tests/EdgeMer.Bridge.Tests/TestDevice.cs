using System.Buffers;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Bridge.Tests;

/// <summary>
/// A device's egress as it runs on a device: EdgeMer's <see cref="SummaryPublisher"/> bound on a free
/// loopback port, publishing summaries, alerts and health shaped like the runtime's.
/// </summary>
internal sealed class TestDevice : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);
    private readonly ZmqContext _context = new();
    private readonly SummaryPublisher _publisher;
    private readonly ZapHandler? _zap;
    private int _second;

    /// <summary>A plain publisher, or with <paramref name="serverKeys"/> a CURVE server that serves only <paramref name="allowedClient"/>.</summary>
    public TestDevice(string id, CurveKeyPair? serverKeys = null, CurvePublicKey? allowedClient = null)
    {
        Id = id;
        CurveServerSecurity? security = null;
        if (serverKeys is not null)
        {
            _zap = new ZapHandler(_context, new ClientAllowList([new("gateway", allowedClient!)]), "edgemer");
            security = new CurveServerSecurity(serverKeys, _zap);
        }

        _publisher = new SummaryPublisher(_context, new SummaryPublisherOptions { DeviceId = id, Endpoints = ["tcp://127.0.0.1:*"], QueueCapacity = 10_000 }, new PrivacySwitch(), security);
    }

    public string Id { get; }

    public string Endpoint => _publisher.Endpoints[0];

    public ZmqContext Context => _context;

    public void PublishSummary() => Assert.True(_publisher.TryPublish(Summary(_second++)));

    public void PublishAlert() =>
        Assert.True(_publisher.TryPublish(new SafetyAlert(s_start.AddSeconds(_second++), AlertKind.Drowsiness, AlertSeverity.Warning, AlertReason.EyesClosedTooLong, Modality.Face, value: 2.4f, threshold: 1.5f)));

    public void PublishHealth() => Assert.True(_publisher.TryPublish(new HealthReport(
        s_start.AddSeconds(_second++),
        uptimeSeconds: 5.25,
        paused: false,
        purpose: "driver-safety",
        provider: "cpu",
        [new StageHealth("face.detect", 4.1f, 7.9f, 15f, 3)],
        [new ModelVersion("blazeface", "human-models-3.0.4")])));

    /// <summary>
    /// A subscriber of the test's own on this device, which records every frame exactly as the device
    /// sent it; returns once it receives (health is published until then).
    /// </summary>
    public ZmqSocket Tap()
    {
        ZmqSocket sub = _context.CreateSocket(ZmqSocketType.Sub);
        sub.Subscribe("");
        sub.Connect(Endpoint);
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(25);
        var buffer = new ArrayBufferWriter<byte>();
        long deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            PublishHealth();
            if (sub.Receive(buffer, out _))
            {
                return sub;
            }
        }

        sub.Dispose();
        throw new TimeoutException("the tap's subscription did not reach the device");
    }

    public void Dispose()
    {
        _publisher.Dispose();
        _zap?.Dispose();
        _context.Dispose();
    }

    private static EmotionSummary Summary(int second)
    {
        static DistributionReading Distribution(float happy) => DistributionReading.FromProbabilities([0.05f, 0.01f, 0.02f, happy, 0.04f, 0.03f, 0.85f - happy]);
        return new EmotionSummary(
            "driver-safety",
            track: 1,
            new WindowReading(s_start.AddSeconds(second), s_start.AddSeconds(second + 1)),
            paused: false,
            Distribution(0.6f),
            new AffectReading(0.45f, 0.2f),
            new AffectiveStates(0.1f, 0.05f, 0.2f, 0.02f, 0f, 0.7f, null),
            confidence: 0.8f,
            [new ModalityReading(Modality.Face, 0.9f, 40, 1f, Distribution(0.7f), new AffectReading(0.5f, 0.25f), disagrees: false)]);
    }
}
