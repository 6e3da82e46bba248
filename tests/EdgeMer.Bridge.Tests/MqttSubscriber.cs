using System.Globalization;
using System.Text.Json;
using EdgeMer.Testing;

namespace EdgeMer.Bridge.Tests;

/// <summary>
/// Debian's python3-paho-mqtt as an independent subscriber (peers/mqtt_subscribe.py): QoS 1, a
/// persistent session, reconnecting by itself. Every message it received is kept, in order.
/// </summary>
internal sealed class MqttSubscriber : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly ServiceProcess _process;
    private readonly List<ReceivedMessage> _messages = [];
    private int _subscribed;

    private MqttSubscriber(ServiceProcess process) => _process = process;

    public IReadOnlyList<ReceivedMessage> Messages => _messages;

    /// <summary>Starts the subscriber and returns once the broker has confirmed its subscription.</summary>
    public static MqttSubscriber Start(int port, string topicFilter = "edgemer/#", string? clientId = null)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "mqtt_subscribe.py");
        var subscriber = new MqttSubscriber(ServiceProcess.Start(TestPrograms.DebianPython,
            ["-u", script, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), clientId ?? $"test-{Guid.NewGuid():N}", topicFilter]));
        subscriber.WaitUntil(s => s._subscribed > 0, "the subscription was not confirmed");
        return subscriber;
    }

    /// <summary>The messages received on <paramref name="topic"/>, in order.</summary>
    public IReadOnlyList<ReceivedMessage> On(string topic) => [.. _messages.Where(m => m.Topic == topic)];

    /// <summary>Reads what the subscriber prints until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after a minute.</summary>
    public void WaitUntil(Func<MqttSubscriber, bool> condition, string what, TimeSpan? wait = null) =>
        Assert.True(TryWaitUntil(condition, wait ?? s_wait), $"{what}; the subscriber printed:\n{_process.Output}");

    /// <summary>Reads what the subscriber prints until <paramref name="condition"/> holds (true) or <paramref name="wait"/> passes (false).</summary>
    public bool TryWaitUntil(Func<MqttSubscriber, bool> condition, TimeSpan wait) =>
        condition(this) || _process.WaitForLine(l =>
        {
            Record(l);
            return condition(this);
        }, wait) is not null;

    public string Output => _process.Output;

    public void Dispose() => _process.Dispose();

    private void Record(string line)
    {
        if (!line.StartsWith('{'))
        {
            return;
        }

        using JsonDocument json = JsonDocument.Parse(line);
        JsonElement root = json.RootElement;
        switch (root.GetProperty("event").GetString())
        {
            case "subscribed":
                _subscribed++;
                break;
            case "message":
                _messages.Add(new ReceivedMessage(
                    root.GetProperty("topic").GetString()!,
                    Convert.FromBase64String(root.GetProperty("payload").GetString()!),
                    root.GetProperty("qos").GetInt32(),
                    root.GetProperty("retain").GetBoolean()));
                break;
        }
    }
}

internal sealed record ReceivedMessage(string Topic, byte[] Payload, int Qos, bool Retain)
{
    /// <summary>The document's <c>sequence</c>.</summary>
    public long Sequence
    {
        get
        {
            using JsonDocument json = JsonDocument.Parse(Payload);
            return json.RootElement.GetProperty("sequence").GetInt64();
        }
    }
}
