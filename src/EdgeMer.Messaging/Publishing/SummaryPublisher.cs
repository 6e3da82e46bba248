using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace EdgeMer.Messaging.Publishing;

/// <summary>
/// Publishes EdgeMer's egress: emotion summaries, alerts and health, each as a typed message on its
/// topic with a versioned JSON schema, as one frame (see <see cref="WireMessage"/>). These three are
/// the only things it can send; no method takes bytes or arbitrary objects.
/// <para>
/// Never blocks the caller: <c>TryPublish</c> hands the message to the publisher's own thread (which
/// owns the PUB socket) and returns. A message is dropped, and counted, when that thread is behind
/// (<see cref="SummaryPublisherOptions.QueueCapacity"/>), when it is oversized or when it could not be
/// sent. Subscribers are isolated from one another: one whose queue is at the high-water mark loses
/// the messages its queue cannot take, and only those, while the others receive everything; it sees
/// the gap in <c>sequence</c> (libzmq drops for that subscriber alone and does not tell the publisher).
/// </para>
/// <para>
/// With CURVE, when a reload revokes a client (<see cref="ZapHandler.ClientsRevoked"/>), the publisher
/// unbinds and binds its endpoints again: every connection closes, and the subscribers reconnect
/// through the new allow-list, which refuses the revoked ones.
/// </para>
/// <para>
/// Obeys the privacy switch: while paused, every summary goes out as a paused summary for the same
/// window, and alerts are withheld.
/// </para>
/// </summary>
public sealed partial class SummaryPublisher : ISummarySink, IDisposable
{
    /// <summary>
    /// Largest frame a subscriber may send (subscriptions, ZMTP commands and the CURVE handshake are
    /// all far smaller); libzmq disconnects a subscriber that sends more.
    /// </summary>
    internal const int MaxInboundFrameBytes = 4096;

    // How long a rebind waits for libzmq to close a listener before binding its endpoint again.
    private static readonly TimeSpan s_listenerCloseTimeout = TimeSpan.FromSeconds(2);

    // How long after a failed rebind the publisher tries again.
    private static readonly TimeSpan s_rebindRetry = TimeSpan.FromSeconds(1);

    // After unbinding, how long the publisher goes on carrying out the socket's commands while it
    // has nothing to send, and how often: the old connections close only as it does (Rebind).
    private static readonly TimeSpan s_closingConnections = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_closingPoll = TimeSpan.FromMilliseconds(10);

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
    private readonly List<string> _unboundEndpoints = [];
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _rebindTimer;
    private volatile bool _stopping;
    private int _revocationPending;
    private int _bindRetryDue;
    private long _closingUntil;
    private string _failedTopic = "";
    private int _queued;
    private long _published;
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
        ILogger<SummaryPublisher>? logger = null,
        TimeProvider? timeProvider = null)
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
        TimeProvider time = timeProvider ?? TimeProvider.System;
        _retry = MessagingRetry.Create(time, (pause, e) => LogSendFailed(_logger, _failedTopic, (long)pause.TotalMilliseconds, e));
        _rebindTimer = time.CreateTimer(static state => ((SummaryPublisher)state!).RetryBind(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Before the socket opens, so no revocation can fall between its first handshake and this:
        // one that comes earlier is handled as soon as the publisher thread starts.
        if (security is not null)
        {
            security.ZapHandler.ClientsRevoked += OnClientsRevoked;
        }

        try
        {
            _thread = SocketThread.Start("edgemer-publisher", context, ZmqSocketType.Pub, OpenSocket, PublishQueued);
        }
        catch
        {
            if (security is not null)
            {
                security.ZapHandler.ClientsRevoked -= OnClientsRevoked;
            }

            _rebindTimer.Dispose();
            _writer.Dispose();
            throw;
        }
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

            // Under the gate, so no TryPublish (or revocation) is between its check and its Release now.
            _stopping = true;
        }

        if (_security is not null)
        {
            _security.ZapHandler.ClientsRevoked -= OnClientsRevoked;
        }

        _rebindTimer.Dispose();

        // Ends a pause after a failure at once: a shutdown does not wait for it.
        _stop.Cancel();
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

    private void OnClientsRevoked(object? sender, ClientsRevokedEventArgs e) => RequestRebind(ref _revocationPending);

    private void RequestRebind(ref int request)
    {
        lock (_enqueueGate)
        {
            if (_stopping)
            {
                return;
            }

            Volatile.Write(ref request, 1);
            _pending.Release();
        }
    }

    private void RetryBind() => RequestRebind(ref _bindRetryDue);

    private void PublishQueued(ZmqSocket socket)
    {
        while (true)
        {
            WaitForWork(socket);

            // Read before draining: Dispose sets it only when no TryPublish is under way, so
            // once it reads true, everything ever queued is drained below.
            bool draining = _stopping;
            bool revoked = Interlocked.Exchange(ref _revocationPending, 0) == 1;
            if (!draining && (Interlocked.Exchange(ref _bindRetryDue, 0) == 1 || revoked))
            {
                try
                {
                    Rebind(socket, revoked);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // E.g. the close monitor could not start. Publishing goes on; the rebind, and
                    // the unbinding a revocation asked for, are tried again.
                    LogRebindFailed(_logger, string.Join(", ", _boundEndpoints), (long)s_rebindRetry.TotalMilliseconds, e);
                    if (revoked)
                    {
                        Volatile.Write(ref _revocationPending, 1);
                    }

                    _rebindTimer.Change(s_rebindRetry, Timeout.InfiniteTimeSpan);
                }
            }

            while (!_queue.IsEmpty)
            {
                if (draining)
                {
                    // On the way out a failure costs no pause; it is counted and logged all the same.
                    try
                    {
                        PublishNext(socket);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        LogSendFailed(_logger, _failedTopic, 0, e);
                    }

                    continue;
                }

                try
                {
                    // A message that cannot be sent is dropped and counted; the next one waits a
                    // pause (MessagingRetry) so that a persistent fault shows as drops, not a flood
                    // of errors, while the queue keeps filling.
                    _retry.Execute(static (state, _) => state.Publisher.PublishNext(state.Socket), (Publisher: this, Socket: socket), _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // Disposed during a pause: Dispose set _stopping first, so nothing more is queued.
                    draining = true;
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

    /// <summary>
    /// Waits until something is queued or requested. For a while after an unbind it also carries out
    /// the socket's commands as they come: libzmq closes a connection of the unbound listener only
    /// once this socket has acknowledged the end of that connection's pipe, which it does while
    /// processing its commands, and with nothing to publish it would not, leaving a revoked
    /// subscriber connected until the next message.
    /// </summary>
    private void WaitForWork(ZmqSocket socket)
    {
        while (Environment.TickCount64 < _closingUntil)
        {
            if (_pending.Wait(s_closingPoll))
            {
                return;
            }

            socket.ProcessCommands();
        }

        _pending.Wait();
    }

    /// <summary>Publishes the next queued message, if any; one that fails is counted as dropped, and the failure thrown.</summary>
    private void PublishNext(ZmqSocket socket)
    {
        if (!_queue.TryDequeue(out Outgoing message))
        {
            return;
        }

        try
        {
            Send(socket, message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _droppedFailed);
            _failedTopic = TopicOf(message);
            throw;
        }
        finally
        {
            // Counted down only once handled, so Pending == 0 means every message was dealt with.
            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>
    /// After a revocation, closes every subscriber connection by unbinding the endpoints, then binds
    /// them again, so each subscriber reconnects through the ZAP handler and its current allow-list.
    /// libzmq closes a listener on its I/O thread, so the bind waits for the listener's close event;
    /// an endpoint that still cannot be bound is tried again every <see cref="s_rebindRetry"/>.
    /// </summary>
    private void Rebind(ZmqSocket socket, bool revoked)
    {
        if (revoked)
        {
            using ZmqSocketMonitor monitor = socket.Monitor(ZmqMonitorEvents.Closed);
            int closing = 0;
            foreach (string endpoint in _boundEndpoints)
            {
                // inproc connections have no handshake, and unbind does not close them.
                if (!endpoint.StartsWith("inproc://", StringComparison.Ordinal) && !_unboundEndpoints.Contains(endpoint))
                {
                    socket.Unbind(endpoint);
                    _unboundEndpoints.Add(endpoint);
                    closing++;
                }
            }

            while (closing > 0 && monitor.WaitFor(ZmqMonitorEvents.Closed, s_listenerCloseTimeout, out _))
            {
                closing--;
            }
        }

        for (int i = _unboundEndpoints.Count - 1; i >= 0; i--)
        {
            string endpoint = _unboundEndpoints[i];
            try
            {
                socket.Bind(endpoint);
                _unboundEndpoints.RemoveAt(i);
            }
            catch (ZmqException e)
            {
                LogRebindFailed(_logger, endpoint, (long)s_rebindRetry.TotalMilliseconds, e);
            }
        }

        // Let libzmq finish closing the old connections now rather than at the next send, and
        // keep at it while they close (WaitForWork).
        socket.ProcessCommands();
        if (revoked)
        {
            _closingUntil = Environment.TickCount64 + (long)s_closingConnections.TotalMilliseconds;
        }
        if (_unboundEndpoints.Count > 0)
        {
            _rebindTimer.Change(s_rebindRetry, Timeout.InfiniteTimeSpan);
        }
        else
        {
            LogRebound(_logger, _boundEndpoints.Count);
        }
    }

    private void OpenSocket(ZmqSocket socket)
    {
        socket.SendHighWaterMark = _options.SendHighWaterMark;
        socket.MaxMessageSize = MaxInboundFrameBytes;
        socket.SendBufferSize = _options.SendBufferBytes;
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
                summary = EmotionSummary.ForPausedWindow(summary.Value.Purpose, summary.Window);
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

        // A PUB socket never refuses a message: a subscriber whose queue is full loses it, alone.
        socket.TrySend(_message.WrittenSpan);
        Interlocked.Increment(ref _published);
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
