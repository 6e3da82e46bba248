using EdgeMer.Platform;
using System.Buffers;
using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Messaging.Control;

/// <summary>
/// The control socket: a ROUTER that answers JSON requests (status, pause, resume, reload; update is
/// reserved for signed model bundles and answered "not supported" until it exists). Authenticated like
/// the publisher when given <see cref="CurveServerSecurity"/>. Every request gets exactly one reply;
/// one that is oversized or does not match the schema gets an error reply and changes nothing.
/// Requests are handled one at a time on the server's own thread, which owns the socket.
/// <para>
/// With CURVE, each request is checked against the allow-list in force when it arrives (the key the
/// ZAP handler admitted its connection with, <see cref="ZapHandler.ClientKeyProperty"/>), so a client
/// taken off the list is refused on connections it opened before (<see cref="ControlErrorCode.NotAllowed"/>).
/// </para>
/// <para>
/// A request is read frame by frame into one buffer of <see cref="ControlServerOptions.MaxRequestBytes"/>:
/// frames beyond the one a request may have, and a frame over the limit, are consumed without being
/// copied. libzmq itself holds a message whole before the first frame can be read (docs/messages.md,
/// "Memory"); after refusing a large one the server returns the freed memory to the system.
/// </para>
/// </summary>
public sealed partial class ControlServer : IDisposable
{
    /// <summary>
    /// Complete requests libzmq queues per client before it stops reading from that client. A client
    /// waits for each reply, so a handful is plenty; the default (1000) would let one client queue
    /// 1000 requests of up to <see cref="ControlServerOptions.TransportLimitBytes"/>.
    /// </summary>
    internal const int QueuedRequestsPerClient = 8;

    /// <summary>
    /// A refused request that made libzmq hold at least this much is followed by returning freed
    /// memory to the system.
    /// </summary>
    internal const long TrimAfterRefusedBytes = 1024 * 1024;

    /// <summary>What libzmq holds for each frame besides its bytes: one zmq_msg_t in the pipe.</summary>
    internal const int HeldBytesPerFrame = 64;

    // ZMTP routing ids are at most 255 bytes.
    private const int MaxRoutingIdBytes = 255;

    private readonly ControlServerOptions _options;
    private readonly IControlCommands _commands;
    private readonly IPrivacySwitch _privacy;
    private readonly CurveServerSecurity? _security;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly FreedMemoryRelease _freedMemory;
    private readonly byte[] _routingId = new byte[MaxRoutingIdBytes];
    private readonly byte[] _body;
    private string _endpoint = "";

    public ControlServer(
        ZmqContext context,
        ControlServerOptions options,
        IControlCommands commands,
        IPrivacySwitch privacy,
        CurveServerSecurity? security = null,
        ILogger<ControlServer>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(privacy);
        options.Validate();
        _options = options;
        _commands = commands;
        _privacy = privacy;
        _security = security;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _body = new byte[options.MaxRequestBytes];
        TimeProvider time = timeProvider ?? TimeProvider.System;
        _freedMemory = new FreedMemoryRelease(time, (bytes, released) => LogMemoryReturned(_logger, bytes, released));
        try
        {
            _thread = SocketThread.Start("edgemer-control", context, ZmqSocketType.Router, OpenSocket, socket => ServeRequests(socket, time));
        }
        catch
        {
            _freedMemory.Dispose();
            throw;
        }
    }

    /// <summary>The endpoint bound, with a wildcard port resolved.</summary>
    public string Endpoint => _endpoint;

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _thread.Join();
        _freedMemory.Dispose();
    }

    private void OpenSocket(ZmqSocket socket)
    {
        socket.MaxMessageSize = ControlServerOptions.TransportLimitBytes;
        socket.ReceiveHighWaterMark = QueuedRequestsPerClient;
        socket.RouterMandatory = false;

        // Receives happen only after poll reported a message, so they never need to wait.
        socket.ReceiveTimeout = TimeSpan.Zero;
        _security?.Apply(socket);
        socket.Bind(_options.Endpoint);
        _endpoint = socket.LastEndpoint;
        LogBound(_logger, _endpoint, _security is null ? "NULL" : "CURVE");
    }

    private void ServeRequests(ZmqSocket socket, TimeProvider time)
    {
        var reply = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(reply);
        SocketThread.ServeWhenReadable(
            socket,
            () => Serve(socket, reply, writer),
            (pause, e) => LogIterationFailed(_logger, (long)pause.TotalMilliseconds, e),
            time,
            _stop.Token);
    }

    private void Serve(ZmqSocket socket, ArrayBufferWriter<byte> reply, Utf8JsonWriter writer)
    {
        if (!TryReceiveRequest(socket, out Request request))
        {
            return;
        }

        ControlReply answer = Handle(request);
        try
        {
            Write(answer, reply, writer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // E.g. a status the host filled with a number JSON cannot carry: the client still gets its one reply.
            LogCommandFailed(_logger, e);
            Write(Refuse(answer.Id, ControlErrorCode.Failed, $"the reply could not be written: {e.Message}"), reply, writer);
        }

        // Routing id, the empty delimiter a REQ client sends (if it did), then the reply.
        socket.TrySend(_routingId.AsSpan(0, request.RoutingIdBytes), more: true);
        if (request.Delimited)
        {
            socket.TrySend([], more: true);
        }

        socket.TrySend(reply.WrittenSpan, more: false);
        // Tiny frames cost libzmq far more than their bytes.
        long held = request.TotalBytes + ((long)(request.Frames + 1) * HeldBytesPerFrame);
        if (!answer.Ok && held >= TrimAfterRefusedBytes)
        {
            // libzmq has freed the request by now; glibc would keep the memory for reuse.
            _freedMemory.Request(held);
        }
    }

    private static void Write(ControlReply answer, ArrayBufferWriter<byte> reply, Utf8JsonWriter writer)
    {
        reply.ResetWrittenCount();
        writer.Reset(reply);
        JsonSerializer.Serialize(writer, answer, ControlJsonContext.Default.ControlReply);
    }

    /// <summary>
    /// Reads one request (ROUTER frames: routing id, the empty delimiter a REQ client adds, the body)
    /// into <see cref="_routingId"/> and <see cref="_body"/>. Frames past the body, and a body larger
    /// than the buffer, are consumed without being copied; the request only says how many and how large.
    /// </summary>
    private bool TryReceiveRequest(ZmqSocket socket, out Request request)
    {
        request = default;
        if (!socket.TryReceive(_routingId, out int routingIdBytes, out bool more))
        {
            return false;
        }

        if (!more)
        {
            // A ROUTER always follows the routing id with the peer's message.
            throw new InvalidOperationException("the control socket delivered a routing id without a message");
        }

        string? clientKey = null;
        bool delimited = false;
        int frames = 0;
        int bodyBytes = 0;
        long totalBytes = routingIdBytes;
        while (more)
        {
            // Frame 1 may be a REQ client's empty delimiter, with the body after it; anything later
            // is refused, so it is only counted.
            bool keep = frames == 0 || (frames == 1 && delimited);
            Span<byte> into = keep ? _body : [];
            bool received = frames == 0
                ? socket.TryReceive(into, out int size, out more, ZapHandler.ClientKeyProperty, out clientKey)
                : socket.TryReceive(into, out size, out more);
            if (!received)
            {
                // libzmq delivers the frames of a message together; the rest is already here.
                throw new InvalidOperationException("a control request ended early");
            }

            if (frames == 0 && size == 0 && more)
            {
                delimited = true;
            }

            if (keep)
            {
                bodyBytes = size;
            }

            frames++;
            totalBytes += size;
        }

        request = new Request(routingIdBytes, delimited, frames, bodyBytes, totalBytes, clientKey);
        return true;
    }

    private ControlReply Handle(in Request request)
    {
        string client = "anonymous";
        if (_security is not null)
        {
            // The handshake checked the key against the list of its day; a reload may have removed it since.
            if (!_security.ZapHandler.TryGetClientName(request.ClientKey, out string? name))
            {
                return Refuse(null, ControlErrorCode.NotAllowed, request.ClientKey is null
                    ? "the connection carries no client key from the ZAP handler"
                    : $"client key {request.ClientKey} is no longer on the allow-list");
            }

            client = name;
        }

        // One frame of JSON, after the delimiter when a REQ client sent one.
        bool shaped = request.Frames == (request.Delimited ? 2 : 1);
        if (!shaped)
        {
            return Refuse(null, ControlErrorCode.Malformed, $"a request is one frame of JSON; got {request.Frames} frames ({request.TotalBytes} bytes)");
        }

        if (request.BodyBytes > _body.Length)
        {
            return Refuse(null, ControlErrorCode.TooLarge, $"request is {request.BodyBytes} bytes; the limit is {_options.MaxRequestBytes}");
        }

        ControlRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(_body.AsSpan(0, request.BodyBytes), ControlJsonContext.Default.ControlRequest);
        }
        catch (JsonException e)
        {
            return Refuse(null, ControlErrorCode.Malformed, $"not a control request: {e.Message}");
        }

        // RespectNullableAnnotations turns a null member into a JsonException; the whole document can still be null.
        if (parsed is null)
        {
            return Refuse(null, ControlErrorCode.Malformed, "not a control request: null");
        }

        if (!string.Equals(parsed.Schema, ControlSchemas.Request, StringComparison.Ordinal))
        {
            return Refuse(null, ControlErrorCode.Malformed, $"schema must be '{ControlSchemas.Request}'");
        }

        if (!WireCheck.IsToken(parsed.Id, 64))
        {
            return Refuse(null, ControlErrorCode.Malformed, "id must be 1-64 characters of letters, digits, '.', '_', '+' or '-'");
        }

        LogCommand(_logger, new LogText(parsed.Command), parsed.Id, new LogText(client));
        string id = parsed.Id;
        switch (parsed.Command)
        {
            case "status":
                return Run(id, () => new ControlReply(ControlSchemas.Reply, id, true, null, _commands.GetStatus(), null, null));
            case "pause":
                return SwitchPrivacy(id, PrivacyState.Paused);
            case "resume":
                return SwitchPrivacy(id, PrivacyState.Capturing);
            case "reload":
                return Run(id, () =>
                {
                    ReloadResult result = _commands.Reload();
                    return result.Reloaded
                        ? new ControlReply(ControlSchemas.Reply, id, true, null, null, null, result)
                        : Refuse(id, ControlErrorCode.Failed, $"reload failed, configuration unchanged: {result.Message}");
                });
            case "update":
                return Refuse(id, ControlErrorCode.NotSupported, "update (signed model bundles) is not supported by this version");
            default:
                return Refuse(id, ControlErrorCode.UnknownCommand, "command must be status, pause, resume, reload or update");
        }
    }
    private ControlReply SwitchPrivacy(string id, PrivacyState state)
    {
        try
        {
            if (_privacy.SwitchTo(state))
            {
                LogPrivacy(_logger, state);
            }

            return new ControlReply(ControlSchemas.Reply, id, true, null, null, _privacy.State == PrivacyState.Paused, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Something that reacts to the switch (e.g. a capture source that could not stop)
            // failed. The switch keeps the position it reached, which the reply states.
            LogCommandFailed(_logger, e);
            PrivacyState now = _privacy.State;
            if (now == state)
            {
                LogPrivacy(_logger, state);
            }

            ControlReply failed = Refuse(id, ControlErrorCode.Failed, $"the privacy switch is {now}, but: {e.Message}");
            return failed with { Paused = now == PrivacyState.Paused };
        }
    }

    private ControlReply Run(string id, Func<ControlReply> command)
    {
        try
        {
            return command();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One failing command must not take the control socket down.
            LogCommandFailed(_logger, e);
            return Refuse(id, ControlErrorCode.Failed, e.Message);
        }
    }

    private ControlReply Refuse(string? id, ControlErrorCode code, string message)
    {
        // The reply schema bounds messages; an exception's text is not under our control.
        const int MaxMessage = 1024;
        if (message.Length > MaxMessage)
        {
            message = message[..(MaxMessage - 3)] + "...";
        }

        // The message may quote the peer (a JSON property name in a parser's message).
        LogRefused(_logger, code, new LogText(message));
        return new ControlReply(ControlSchemas.Reply, id, false, new ControlError(code, message), null, null, null);
    }

    /// <summary>
    /// One request as read: the routing id's length, whether a REQ delimiter came first, how many
    /// frames followed the routing id (delimiter included) and their bytes, the body's size, and the
    /// key the ZAP handler admitted the connection with.
    /// </summary>
    private readonly record struct Request(int RoutingIdBytes, bool Delimited, int Frames, int BodyBytes, long TotalBytes, string? ClientKey);
}
