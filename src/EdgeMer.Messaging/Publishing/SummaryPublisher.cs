using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Messaging.Publishing;

/// <summary>
/// Publishes EdgeMer's egress: emotion summaries, alerts and health, each as a typed message on its
/// topic with a versioned JSON schema, as one frame (see <see cref="WireMessage"/>). These three are
/// the only things it can send; no method takes bytes or arbitrary objects.
/// <para>
/// Never blocks the caller: <c>TryPublish</c> hands the message to the publisher's own thread (which
/// owns the PUB socket) and returns. A message is dropped, and counted, when that thread is behind
/// (<see cref="SummaryPublisherOptions.QueueCapacity"/>) or when a subscriber is at its high-water
/// mark; in the latter case libzmq refuses the message for every subscriber (ZMQ_XPUB_NODROP), which
/// is what makes the drop countable.
/// </para>
/// <para>
/// Obeys the privacy switch: while paused, every summary goes out as a paused summary for the same
/// window, and alerts are withheld.
/// </para>
/// </summary>
public sealed partial class SummaryPublisher : ISummarySink, IDisposable
{
    private readonly SummaryPublisherOptions _options;
    private readonly IPrivacySwitch _privacy;
    private readonly CurveServerSecurity? _security;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Outgoing> _queue = new();
    private readonly SemaphoreSlim _pending = new(0);
    private readonly Lock _enqueueGate = new();
    private readonly ArrayBufferWriter<byte> _message = new(WireMessage.MaxBytes);
    private readonly Utf8JsonWriter _writer;
    private readonly List<string> _boundEndpoints = [];
    private volatile bool _stopping;
    private int _queued;
    private long _published;
    private long _droppedAtHighWaterMark;
    private long _droppedQueueFull;
    private long _droppedOversized;
    private long _droppedFailed;
    private long _suppressed;
    private long _summarySequence;
    private long _alertSequence;
    private long _healthSequence;

    /// <summary>
    /// Binds the PUB socket on every configured endpoint (on the publisher's thread) and returns once
    /// it is ready. With <paramref name="security"/>, only CURVE clients on its allow-list are served.
    /// </summary>
    public SummaryPublisher(
        ZmqContext context,
        SummaryPublisherOptions options,
        IPrivacySwitch privacy,
        CurveServerSecurity? security = null,
        ILogger<SummaryPublisher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(privacy);
        options.Validate();
        _options = options;
        _privacy = privacy;
        _security = security;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writer = new Utf8JsonWriter(_message);
        _thread = SocketThread.Start("edgemer-publisher", context, ZmqSocketType.Pub, OpenSocket, PublishQueued);
    }

    /// <summary>How long libzmq may go on delivering queued messages after <see cref="Dispose"/> closes the socket.</summary>
    public static TimeSpan CloseLinger { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The endpoints bound, with wildcard ports resolved (e.g. <c>tcp://127.0.0.1:41234</c>).</summary>
    public IReadOnlyList<string> Endpoints => _boundEndpoints;

    /// <summary>Messages accepted by <c>TryPublish</c> and not yet published, dropped or withheld.</summary>
    public int Pending => Volatile.Read(ref _queued);

    /// <summary>What has been published, dropped and withheld so far.</summary>
    public PublisherCounters Counters => new(
        Interlocked.Read(ref _published),
        Interlocked.Read(ref _droppedAtHighWaterMark),
        Interlocked.Read(ref _droppedQueueFull),
        Interlocked.Read(ref _droppedOversized),
        Interlocked.Read(ref _droppedFailed),
        Interlocked.Read(ref _suppressed));

    /// <summary>Queues a fused summary for <see cref="WireTopics.Summary"/>; false if it was dropped because the queue is full, or the publisher is disposed.</summary>
    public bool TryPublish(Summary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return TryPublish(EmotionSummary.From(summary));
    }

    /// <summary>Queues an alert for <see cref="WireTopics.Alert"/>; false if it was dropped because the queue is full, or the publisher is disposed.</summary>
    public bool TryPublish(in Alert alert) => TryPublish(SafetyAlert.From(alert));

    /// <summary>Queues a summary in its wire form for <see cref="WireTopics.Summary"/>; false if it was dropped because the queue is full, or the publisher is disposed.</summary>
    public bool TryPublish(EmotionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Enqueue(new Outgoing(summary, null, null));
    }

    /// <summary>Queues an alert in its wire form for <see cref="WireTopics.Alert"/>; false if it was dropped because the queue is full, or the publisher is disposed.</summary>
    public bool TryPublish(SafetyAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Enqueue(new Outgoing(null, alert, null));
    }

    /// <summary>Queues a health report for <see cref="WireTopics.Health"/>; false if it was dropped because the queue is full, or the publisher is disposed.</summary>
    public bool TryPublish(HealthReport health)
    {
        ArgumentNullException.ThrowIfNull(health);
        return Enqueue(new Outgoing(null, null, health));
    }

    /// <summary>
    /// Publishes what is already queued, then closes the socket, giving libzmq up to
    /// <see cref="CloseLinger"/> to deliver it. A TryPublish from now on returns false.
    /// </summary>
    public void Dispose()
    {
        lock (_enqueueGate)
        {
            if (_stopping)
            {
                return;
            }

            // Under the gate, so no TryPublish is between its check and its Release now.
            _stopping = true;
        }

        _pending.Release();
        _thread.Join();
        _pending.Dispose();
        _writer.Dispose();
    }

    private bool Enqueue(Outgoing message)
    {
        lock (_enqueueGate)
        {
            // Racing Dispose is not the pipeline's fault: the message is refused, nothing throws.
            if (_stopping)
            {
                return false;
            }

            if (Interlocked.Increment(ref _queued) > _options.QueueCapacity)
            {
                Interlocked.Decrement(ref _queued);
                Interlocked.Increment(ref _droppedQueueFull);
                return false;
            }

            _queue.Enqueue(message);
            _pending.Release();
            return true;
        }
    }

    private void PublishQueued(ZmqSocket socket)
    {
        RetryBackoff backoff = RetryBackoff.ForMessagingThread();
        Func<bool> stopping = () => _stopping;
        while (true)
        {
            _pending.Wait();

            // Read before draining: Dispose sets it only when no TryPublish is under way, so
            // once it reads true, everything ever queued is drained below.
            bool draining = _stopping;
            while (_queue.TryDequeue(out Outgoing message))
            {
                // One message that cannot be sent is dropped and counted; it must not end egress.
                try
                {
                    Send(socket, message);
                    backoff.Succeeded();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref _droppedFailed);
                    TimeSpan pause = backoff.Failed();
                    LogSendFailed(_logger, TopicOf(message), (long)pause.TotalMilliseconds, e);

                    // The queue keeps filling meanwhile, so a persistent fault shows as drops, not a
                    // flood of errors. A shutdown does not wait for the pause.
                    RetryBackoff.Pause(pause, stopping);
                }
                finally
                {
                    // Counted down only once handled, so Pending == 0 means every message was dealt with.
                    Interlocked.Decrement(ref _queued);
                }
            }

            if (draining)
            {
                // Every socket closes with linger 0, which would discard what libzmq has not
                // yet written, such as the last health message; a short bound keeps it.
                socket.Linger = CloseLinger;
                return;
            }
        }
    }

    private void OpenSocket(ZmqSocket socket)
    {
        socket.SendHighWaterMark = _options.SendHighWaterMark;
        socket.RefuseAtHighWaterMark = true;
        if (_options.HeartbeatInterval > TimeSpan.Zero)
        {
            socket.SetHeartbeat(_options.HeartbeatInterval, 3 * _options.HeartbeatInterval, 3 * _options.HeartbeatInterval);
        }

        _security?.Apply(socket);
        foreach (string endpoint in _options.Endpoints)
        {
            socket.Bind(endpoint);
            string bound = socket.LastEndpoint;
            _boundEndpoints.Add(bound);
            LogBound(_logger, bound, _security is null ? "NULL" : "CURVE");
        }
    }

    private void Send(ZmqSocket socket, in Outgoing message)
    {
        if (message.Alert is not null && _privacy.State == PrivacyState.Paused)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }

        // One frame: topic, separator, document. One frame per message means one CURVE box per
        // message and subscriber instead of one per part, and one receive per message for subscribers.
        _message.ResetWrittenCount();
        _message.Write(message.Summary is not null ? "emotion.summary"u8 : message.Alert is not null ? "emotion.alert"u8 : "health"u8);
        _message.GetSpan(1)[0] = WireTopics.Separator;
        _message.Advance(1);
        int documentStart = _message.WrittenCount;

        _writer.Reset(_message);
        _writer.WriteStartObject();
        if (message.Summary is { } summary)
        {
            if (_privacy.State == PrivacyState.Paused && !summary.Paused)
            {
                summary = EmotionSummary.ForPausedWindow(summary.Window);
            }

            WriteEnvelope(WireSchemas.Summary, _summarySequence++);
            _writer.WritePropertyName("summary"u8);
            JsonSerializer.Serialize(_writer, summary, WireJsonContext.Default.EmotionSummary);
        }
        else if (message.Alert is { } alert)
        {
            WriteEnvelope(WireSchemas.Alert, _alertSequence++);
            _writer.WritePropertyName("alert"u8);
            JsonSerializer.Serialize(_writer, alert, WireJsonContext.Default.SafetyAlert);
        }
        else
        {
            WriteEnvelope(WireSchemas.Health, _healthSequence++);
            _writer.WritePropertyName("health"u8);
            JsonSerializer.Serialize(_writer, message.Health!, WireJsonContext.Default.HealthReport);
            _writer.WritePropertyName("egress"u8);
            PublisherCounters counters = Counters;
            _writer.WriteStartObject();
            _writer.WriteNumber("published"u8, counters.Published);
            _writer.WriteNumber("dropped"u8, counters.Dropped);
            _writer.WriteNumber("oversized"u8, counters.DroppedOversized);
            _writer.WriteNumber("failed"u8, counters.DroppedFailed);
            _writer.WriteNumber("suppressed"u8, counters.Suppressed);
            _writer.WriteEndObject();
        }

        _writer.WriteEndObject();
        _writer.Flush();

        int documentBytes = _message.WrittenCount - documentStart;
        if (documentBytes > _options.MaxMessageBytes)
        {
            // The message types bound every field, so this is a bug in them, not bad input or
            // congestion: counted apart from the high-water mark.
            Interlocked.Increment(ref _droppedOversized);
            LogOversized(_logger, documentBytes, _options.MaxMessageBytes);
            return;
        }

        if (socket.TrySend(_message.WrittenSpan))
        {
            Interlocked.Increment(ref _published);
        }
        else
        {
            Interlocked.Increment(ref _droppedAtHighWaterMark);
        }
    }

    private static string TopicOf(in Outgoing message) =>
        message.Summary is not null ? WireTopics.Summary : message.Alert is not null ? WireTopics.Alert : WireTopics.Health;

    private void WriteEnvelope(string schema, long sequence)
    {
        _writer.WriteString("schema"u8, schema);
        _writer.WriteString("device"u8, _options.DeviceId);
        _writer.WriteNumber("sequence"u8, sequence);
    }

    private readonly record struct Outgoing(EmotionSummary? Summary, SafetyAlert? Alert, HealthReport? Health);
}
