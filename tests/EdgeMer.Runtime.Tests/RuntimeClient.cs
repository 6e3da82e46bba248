using System.Text;
using System.Text.Json;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Runtime.Tests;

/// <summary>A subscriber and a control client of a running host, as an integrator's program would be, over loopback.</summary>
internal static class RuntimeClient
{
    public static ZmqSocket Subscribe(ZmqContext context, RuntimeProbe service, string topic, TimeSpan wait)
    {
        ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.ReceiveTimeout = wait;
        sub.Subscribe(topic);
        sub.Connect(service.Publisher.Endpoints[0]);
        return sub;
    }

    public static ZmqSocket Control(ZmqContext context, RuntimeProbe service, TimeSpan wait, Action<ZmqSocket>? secure = null)
    {
        ZmqSocket dealer = context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReceiveTimeout = wait;
        secure?.Invoke(dealer);
        dealer.Connect(service.ControlEndpoint);
        return dealer;
    }

    public static ControlReply Ask(ZmqSocket control, string command)
    {
        control.Send(Encoding.UTF8.GetBytes($$"""{"schema":"edgemer.control/1","id":"t","command":"{{command}}"}"""));
        var frames = new List<byte[]>();
        Assert.True(control.ReceiveMultipart(frames), $"no reply to {command}");
        return JsonSerializer.Deserialize(frames[^1], ControlJsonContext.Default.ControlReply)!;
    }

    /// <summary>Receives messages until <paramref name="enough"/> says so and returns the one that did; fails after <paramref name="wait"/> without it.</summary>
    public static object Receive(ZmqSocket sub, TimeSpan wait, Func<object, bool> enough)
    {
        var frames = new List<byte[]>();
        long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            Assert.True(sub.ReceiveMultipart(frames), "no message arrived");
            object message = WireMessage.Parse(Assert.Single(frames));
            if (enough(message))
            {
                return message;
            }
        }

        throw new TimeoutException("no message met the condition in time");
    }

    /// <summary>The next message, or null when none arrives within <paramref name="wait"/> (for tests that keep sending while they wait).</summary>
    public static object? TryReceive(ZmqSocket sub, TimeSpan wait)
    {
        TimeSpan before = sub.ReceiveTimeout;
        sub.ReceiveTimeout = wait;
        try
        {
            var frames = new List<byte[]>();
            return sub.ReceiveMultipart(frames) ? WireMessage.Parse(Assert.Single(frames)) : null;
        }
        finally
        {
            sub.ReceiveTimeout = before;
        }
    }
}
