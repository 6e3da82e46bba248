using System.Text;
using EdgeMer.Messaging.Zmq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Messaging.Security;

/// <summary>
/// Answers libzmq's authentication requests (ZAP, ZeroMQ RFC 27) for every CURVE server socket in
/// its context: a client whose public key is on the <see cref="ClientAllowList"/> is accepted and
/// gets its allow-list name as User-Id; any other client is refused, so it receives nothing. Runs
/// its own thread, which owns the REP socket on <c>inproc://zeromq.zap.01</c>.
/// <para>
/// libzmq 4.3 lets CURVE clients in unchecked when no handler is bound there, so the handler's
/// lifetime is tied to the sockets it protects: each socket <see cref="CurveServerSecurity.Apply"/>
/// configures holds a lease on it until libzmq has closed that socket. <see cref="Dispose"/> while
/// leases are held does not stop the handler; it keeps answering until the last protected socket
/// is closed, then stops by itself. Where libzmq accepts ZMQ_ZAP_ENFORCE_DOMAIN, protected sockets
/// also set it, so libzmq itself refuses a handshake that no handler answers.
/// </para>
/// </summary>
public sealed partial class ZapHandler : IDisposable
{
    /// <summary>The endpoint libzmq sends ZAP requests to (RFC 27).</summary>
    public const string Endpoint = "inproc://zeromq.zap.01";

    private readonly string _domain;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private volatile ClientAllowList _allowList;
    private volatile bool _stopping;
    private long _accepted;
    private long _refused;
    private int _leases;
    private bool _disposeRequested;
    private int _enforcementReported;

    public ZapHandler(ZmqContext context, ClientAllowList allowList, string domain, ILogger<ZapHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allowList);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        _allowList = allowList;
        _domain = domain;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        try
        {
            _thread = SocketThread.Start("edgemer-zap", context, ZmqSocketType.Rep, socket => socket.Bind(Endpoint), ServeRequests);
        }
        catch (ZmqException e)
        {
            throw new InvalidOperationException($"the ZAP handler could not bind {Endpoint}: {e.Message}", e);
        }
    }

    /// <summary>The ZAP domain this handler serves; server sockets must set it (<see cref="ZmqSocket.ZapDomain"/>).</summary>
    public string Domain => _domain;

    /// <summary>Connections accepted so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections refused so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Swaps in a new allow-list; connections already accepted stay connected.</summary>
    public void ReplaceAllowList(ClientAllowList allowList)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        _allowList = allowList;
        LogAllowListReplaced(_logger, allowList.Count);
    }

    /// <summary>Whether the handler still answers requests (it outlives Dispose while it protects a socket).</summary>
    public bool IsRunning => _thread.IsAlive;

    /// <summary>
    /// Stops the handler, or, while sockets it protects are still open, lets it stop once the last
    /// of them closes: stopping earlier would let any CURVE client into those sockets.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposeRequested)
            {
                return;
            }

            _disposeRequested = true;
            if (_leases > 0)
            {
                LogOutlivesDispose(_logger, _leases);
                return;
            }

            _stopping = true;
        }

        _thread.Join();
    }

    /// <summary>
    /// Makes <paramref name="socket"/> authenticate its peers through this handler (its ZAP domain,
    /// and ZMQ_ZAP_ENFORCE_DOMAIN where libzmq has it), and keeps the handler running until libzmq
    /// has closed the socket. Call before bind, on the socket's thread.
    /// </summary>
    internal void Protect(ZmqSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var lease = new ProtectionLease(this);
        try
        {
            socket.ZapDomain = _domain;
            bool enforced = socket.TryEnforceZapDomain();
            if (Interlocked.Exchange(ref _enforcementReported, 1) == 0)
            {
                if (enforced)
                {
                    LogDomainEnforced(_logger);
                }
                else
                {
                    LogDomainNotEnforced(_logger);
                }
            }

            socket.ReleaseAfterClose(lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private void TakeLease()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposeRequested, this);
            _leases++;
        }
    }

    private void ReturnLease()
    {
        lock (_gate)
        {
            // The last protected socket is closed: a deferred Dispose can now stop the handler.
            if (--_leases == 0 && _disposeRequested)
            {
                _stopping = true;
            }
        }
    }

    private void ServeRequests(ZmqSocket socket)
    {
        // One failed request must not stop authentication: with no handler, libzmq 4.3 would let
        // the next clients in unchecked.
        var frames = new List<byte[]>(8);
        SocketThread.ServeWhenReadable(
            socket,
            () => _stopping,
            () =>
            {
                if (socket.ReceiveMultipart(frames))
                {
                    Answer(socket, frames);
                }
            },
            (pause, e) => LogIterationFailed(_logger, (long)pause.TotalMilliseconds, e));
    }

    private void Answer(ZmqSocket socket, List<byte[]> request)
    {
        // Request: version, request id, domain, address, routing id, mechanism, credentials...
        byte[] requestId = request.Count > 1 ? request[1] : [];
        Verdict verdict;
        Exception? failure = null;
        try
        {
            verdict = Judge(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A request that could not be judged is refused, never let through.
            failure = e;
            verdict = new Verdict("500", "internal error", "");
        }

        // A REP socket takes no further request until it has answered this one.
        Reply(socket, requestId, verdict.Status, verdict.Text, verdict.UserId);
        if (failure is not null)
        {
            LogJudgingFailed(_logger, failure);
        }
    }

    private Verdict Judge(List<byte[]> request)
    {
        if (request.Count < 6 || !request[0].AsSpan().SequenceEqual("1.0"u8))
        {
            return new Verdict("500", "malformed ZAP request", "");
        }

        string domain = Encoding.UTF8.GetString(request[2]);
        string address = Encoding.UTF8.GetString(request[3]);
        string mechanism = Encoding.ASCII.GetString(request[5]);
        if (!string.Equals(domain, _domain, StringComparison.Ordinal))
        {
            return Refuse(address, $"unknown ZAP domain '{domain}'");
        }

        if (!string.Equals(mechanism, "CURVE", StringComparison.Ordinal) || request.Count != 7 || request[6].Length != CurvePublicKey.Length)
        {
            return Refuse(address, $"mechanism {mechanism} is not allowed; CURVE is required");
        }

        var key = CurvePublicKey.FromBytes(request[6]);
        if (!_allowList.TryGetClientName(key, out string? name))
        {
            return Refuse(address, $"client key {key} is not on the allow-list");
        }

        LogAccepted(_logger, name, address);
        Interlocked.Increment(ref _accepted);
        return new Verdict("200", "OK", name);
    }

    private Verdict Refuse(string address, string reason)
    {
        LogRefused(_logger, address, reason);
        Interlocked.Increment(ref _refused);
        return new Verdict("400", reason, "");
    }

    /// <summary>A ZAP reply's status code (200 accepts; 400 and 500 refuse), its text and the User-Id it gives.</summary>
    private readonly record struct Verdict(string Status, string Text, string UserId);

    /// <summary>One protected socket's hold on the handler; returned once, when libzmq has closed the socket.</summary>
    private sealed class ProtectionLease : IDisposable
    {
        private ZapHandler? _handler;

        public ProtectionLease(ZapHandler handler)
        {
            handler.TakeLease();
            _handler = handler;
        }

        public void Dispose() => Interlocked.Exchange(ref _handler, null)?.ReturnLease();
    }

    private static void Reply(ZmqSocket socket, byte[] requestId, string status, string text, string userId)
    {
        socket.Send("1.0"u8, more: true);
        socket.Send(requestId, more: true);
        socket.Send(Encoding.ASCII.GetBytes(status), more: true);
        socket.Send(Encoding.UTF8.GetBytes(text), more: true);
        socket.Send(Encoding.UTF8.GetBytes(userId), more: true);
        socket.Send([], more: false);
    }
}
