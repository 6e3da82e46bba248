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
/// </summary>
public sealed partial class ControlServer : IDisposable
{
    private readonly ControlServerOptions _options;
    private readonly IControlCommands _commands;
    private readonly IPrivacySwitch _privacy;
    private readonly CurveServerSecurity? _security;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private string _endpoint = "";

    public ControlServer(
        ZmqContext context,
        ControlServerOptions options,
        IControlCommands commands,
        IPrivacySwitch privacy,
        CurveServerSecurity? security = null,
        ILogger<ControlServer>? logger = null)
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
        _thread = SocketThread.Start("edgemer-control", context, ZmqSocketType.Router, OpenSocket, ServeRequests);
    }

    /// <summary>The endpoint bound, with a wildcard port resolved.</summary>
    public string Endpoint => _endpoint;

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _thread.Join();
    }

    private void OpenSocket(ZmqSocket socket)
    {
        socket.MaxMessageSize = ControlServerOptions.TransportLimitBytes;
        socket.RouterMandatory = false;

        // Receives happen only after poll reported a message, so they never need to wait.
        socket.ReceiveTimeout = TimeSpan.Zero;
        _security?.Apply(socket);
        socket.Bind(_options.Endpoint);
        _endpoint = socket.LastEndpoint;
        LogBound(_logger, _endpoint, _security is null ? "NULL" : "CURVE");
    }

    private void ServeRequests(ZmqSocket socket)
    {
        var frames = new List<byte[]>(4);
        var buffer = new ArrayBufferWriter<byte>(_options.MaxRequestBytes);
        var reply = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(reply);
        SocketThread.ServeWhenReadable(
            socket,
            () => _stopping,
            () => Serve(socket, frames, buffer, reply, writer),
            (pause, e) => LogIterationFailed(_logger, (long)pause.TotalMilliseconds, e));
    }

    private void Serve(ZmqSocket socket, List<byte[]> frames, ArrayBufferWriter<byte> buffer, ArrayBufferWriter<byte> reply, Utf8JsonWriter writer)
    {
        string? client = ReceiveRequest(socket, frames, buffer);
        if (frames.Count == 0)
        {
            return;
        }

        ControlReply answer = Handle(frames, client);
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
        socket.TrySend(frames[0], more: true);
        if (frames.Count == 3 && frames[1].Length == 0)
        {
            socket.TrySend([], more: true);
        }

        socket.TrySend(reply.WrittenSpan, more: false);
    }

    private static void Write(ControlReply answer, ArrayBufferWriter<byte> reply, Utf8JsonWriter writer)
    {
        reply.ResetWrittenCount();
        writer.Reset(reply);
        JsonSerializer.Serialize(writer, answer, ControlJsonContext.Default.ControlReply);
    }

    private static string? ReceiveRequest(ZmqSocket socket, List<byte[]> frames, ArrayBufferWriter<byte> buffer)
    {
        frames.Clear();
        string? client = null;
        bool more = true;
        while (more)
        {
            buffer.ResetWrittenCount();
            if (!socket.Receive(buffer, out more, out string? userId))
            {
                break;
            }

            // The ZAP handler's User-Id: the client's allow-list name.
            client = userId is { Length: > 0 } ? userId : client;

            frames.Add(buffer.WrittenSpan.ToArray());
        }

        return client;
    }

    private ControlReply Handle(List<byte[]> frames, string? client)
    {
        // ROUTER frames: routing id, [empty delimiter from REQ], body.
        bool shaped = frames.Count == 2 || (frames.Count == 3 && frames[1].Length == 0);
        if (!shaped)
        {
            return Refuse(null, ControlErrorCode.Malformed, $"a request is one frame of JSON; got {frames.Count - 1} frames");
        }

        byte[] body = frames[^1];
        if (body.Length > _options.MaxRequestBytes)
        {
            return Refuse(null, ControlErrorCode.TooLarge, $"request is {body.Length} bytes; the limit is {_options.MaxRequestBytes}");
        }

        ControlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, ControlJsonContext.Default.ControlRequest);
        }
        catch (JsonException e)
        {
            return Refuse(null, ControlErrorCode.Malformed, $"not a control request: {e.Message}");
        }

        if (request is null)
        {
            return Refuse(null, ControlErrorCode.Malformed, "not a control request: null");
        }

        if (!string.Equals(request.Schema, ControlSchemas.Request, StringComparison.Ordinal))
        {
            return Refuse(null, ControlErrorCode.Malformed, $"schema must be '{ControlSchemas.Request}'");
        }

        if (!WireCheck.IsToken(request.Id, 64))
        {
            return Refuse(null, ControlErrorCode.Malformed, "id must be 1-64 characters of letters, digits, '.', '_', '+' or '-'");
        }

        LogCommand(_logger, request.Command, request.Id, client ?? "anonymous");
        switch (request.Command)
        {
            case "status":
                return Run(request.Id, () => new ControlReply(ControlSchemas.Reply, request.Id, true, null, _commands.GetStatus(), null, null));
            case "pause":
                return SwitchPrivacy(request.Id, PrivacyState.Paused);
            case "resume":
                return SwitchPrivacy(request.Id, PrivacyState.Capturing);
            case "reload":
                return Run(request.Id, () =>
                {
                    ReloadResult result = _commands.Reload();
                    return result.Reloaded
                        ? new ControlReply(ControlSchemas.Reply, request.Id, true, null, null, null, result)
                        : Refuse(request.Id, ControlErrorCode.Failed, $"reload failed, configuration unchanged: {result.Message}");
                });
            case "update":
                return Refuse(request.Id, ControlErrorCode.NotSupported, "update (signed model bundles) is not supported by this version");
            default:
                return Refuse(request.Id, ControlErrorCode.UnknownCommand, "command must be status, pause, resume, reload or update");
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

        LogRefused(_logger, code, message);
        return new ControlReply(ControlSchemas.Reply, id, false, new ControlError(code, message), null, null, null);
    }
}
