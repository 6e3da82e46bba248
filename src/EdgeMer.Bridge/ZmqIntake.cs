using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Bridge;

/// <summary>
/// The receiving side: one SUB socket per device (a CURVE client where the device has a server key),
/// owned by one thread that polls them all. Every frame is checked before it goes anywhere: a frame
/// larger than the largest EdgeMer message, a message of more than one frame, one the schema refuses
/// (<see cref="WireMessage.Parse(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>), or one from another device
/// than configured is refused and counted, never forwarded. What passes goes to the sink with its
/// document bytes as they arrived.
/// </summary>
internal sealed partial class ZmqIntake : IDisposable
{
    /// <summary>
    /// Frames up to this size are read and refused as oversized when they exceed an EdgeMer message;
    /// libzmq drops the connection of a peer that sends a larger one (and reconnects).
    /// </summary>
    internal const int MaxFrameBytes = 64 * 1024;

    private readonly BridgeOptions _options;
    private readonly BridgeCounters _counters;
    private readonly Action<MessageKind, string, ReadOnlyMemory<byte>> _sink;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    public ZmqIntake(BridgeOptions options, BridgeCounters counters, Action<MessageKind, string, ReadOnlyMemory<byte>> sink, ILogger logger)
    {
        _options = options;
        _counters = counters;
        _sink = sink;
        _logger = logger;
        _thread = new Thread(Run) { Name = "edgemer-bridge-zmq", IsBackground = true };
    }

    /// <summary>Starts the thread; returns once every socket is connecting (or throws why it could not be set up).</summary>
    public void Start()
    {
        _thread.Start();
        _started.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        var sockets = new List<ZmqSocket>();
        ZmqContext? context = null;
        try
        {
            context = new ZmqContext();
            CurveKeyPair? clientKeys = _options.ClientKeys is { } keys ? CurveKeyFile.LoadKeyPair(keys) : null;
            var expected = new string?[_options.Devices.Count];
            for (int i = 0; i < _options.Devices.Count; i++)
            {
                BridgeDeviceOptions device = _options.Devices[i];
                ZmqSocket socket = context.CreateSocket(ZmqSocketType.Sub);
                sockets.Add(socket);
                if (device.ServerKey is { } serverKey)
                {
                    socket.MakeCurveClient(clientKeys!, CurveKeyFile.LoadPublicKey(serverKey));
                }

                socket.MaxMessageSize = MaxFrameBytes;
                socket.ReceiveHighWaterMark = 10_000;
                socket.SetHeartbeat(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
                socket.Subscribe("");
                socket.Connect(device.Endpoint);
                expected[i] = device.Device;
                LogSubscribed(_logger, device.Endpoint, device.ServerKey is null ? "plain" : "CURVE");
            }

            using var poller = new ZmqPoller([.. sockets]);
            _started.SetResult();
            byte[] buffer = new byte[MaxFrameBytes];
            while (!_stopping)
            {
                if (poller.Poll(TimeSpan.FromMilliseconds(100)) == 0)
                {
                    continue;
                }

                for (int i = 0; i < sockets.Count; i++)
                {
                    if (!poller.IsReadable(i))
                    {
                        continue;
                    }

                    // Take what is waiting, a bounded batch per socket so one device cannot starve the others.
                    for (int n = 0; n < 256 && sockets[i].TryReceive(buffer, out int size, out bool more); n++)
                    {
                        Accept(sockets[i], buffer, size, more, expected[i], _options.Devices[i].Endpoint);
                    }
                }
            }
        }
        catch (Exception e) when (!_started.Task.IsCompleted)
        {
            _started.SetException(e);
        }
        finally
        {
            foreach (ZmqSocket socket in sockets)
            {
                socket.Dispose();
            }

            context?.Dispose();
        }
    }

    private void Accept(ZmqSocket socket, byte[] buffer, int size, bool more, string? expectedDevice, string endpoint)
    {
        if (more)
        {
            // EdgeMer messages are one frame; drop the rest of this one.
            int parts = 1;
            while (more && socket.TryReceive(buffer, out _, out more))
            {
                parts++;
            }

            Interlocked.Increment(ref _counters._malformed);
            LogRefused(_logger, endpoint, $"a message of {parts} frames (an EdgeMer message is one frame: the topic, a space and the JSON document)");
            return;
        }

        if (size > WireMessage.MaxBytes)
        {
            Interlocked.Increment(ref _counters._oversized);
            LogRefused(_logger, endpoint, $"a message of {size} bytes, over the {WireMessage.MaxBytes}-byte limit");
            return;
        }

        ReadOnlySpan<byte> frame = buffer.AsSpan(0, size);
        string device;
        long sequence;
        MessageKind kind;
        int documentStart;
        try
        {
            WireMessage.Split(frame, out ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> document);
            documentStart = topic.Length + 1;
            object message = WireMessage.Parse(topic, document);
            (kind, device, sequence) = message switch
            {
                SummaryMessage s => (MessageKind.Summary, s.Device, s.Sequence),
                AlertMessage a => (MessageKind.Alert, a.Device, a.Sequence),
                HealthMessage h => (MessageKind.Health, h.Device, h.Sequence),
                _ => throw new FormatException("not an EdgeMer message"),
            };
        }
        catch (FormatException e)
        {
            Interlocked.Increment(ref _counters._malformed);
            LogRefused(_logger, endpoint, EdgeMer.Platform.LogText.Escape(e.Message));
            return;
        }

        if (expectedDevice is not null && !string.Equals(device, expectedDevice, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _counters._unexpectedDevice);
            LogRefused(_logger, endpoint, $"device '{device}', but this endpoint is configured for '{expectedDevice}'");
            return;
        }

        if (!BridgeTopics.IsToken(device, 64))
        {
            Interlocked.Increment(ref _counters._unexpectedDevice);
            LogRefused(_logger, endpoint, $"device '{device}' holds '+', an MQTT wildcard, so it cannot be a topic level");
            return;
        }

        long missing = _counters.Device(device).Observe(kind, sequence);
        if (missing > 0)
        {
            LogGap(_logger, device, BridgeTopics.Name(kind), missing, sequence);
        }

        // The sink keeps its own copy: the buffer is reused for the next frame.
        _sink(kind, device, frame[documentStart..].ToArray());
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Subscribed to {Endpoint} ({Security})")]
    private static partial void LogSubscribed(ILogger logger, string endpoint, string security);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Refused a message from {Endpoint}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Device {Device} skipped {Missing} {Kind} message(s) before sequence {Sequence}: lost before the bridge")]
    private static partial void LogGap(ILogger logger, string device, string kind, long missing, long sequence);
}
