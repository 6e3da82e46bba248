using EdgeMer.Platform;
using System.Buffers.Binary;
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
/// <para>
/// libzmq asks once per connection, at the handshake. So that a key taken off the list stops working
/// on connections already open, every accepted connection carries its key as the metadata property
/// <see cref="ClientKeyProperty"/>, which a socket checks against the current list
/// (<see cref="TryGetClientName"/>) for each request, and <see cref="ReplaceAllowList"/> raises
/// <see cref="ClientsRevoked"/> so that sockets which cannot check each message close their connections.
/// </para>
/// </summary>
public sealed partial class ZapHandler : IDisposable
{
    /// <summary>The endpoint libzmq sends ZAP requests to (RFC 27).</summary>
    public const string Endpoint = "inproc://zeromq.zap.01";

    /// <summary>
    /// The connection metadata property (zmq_msg_gets) holding the Z85 public key the handler admitted
    /// the client with. Set by the handler in its reply, so a client cannot set it itself: libzmq keeps
    /// the ZAP handler's properties over the ones a peer announces.
    /// </summary>
    public const string ClientKeyProperty = "X-EdgeMer-Client-Key";

    private readonly string _domain;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private volatile ClientAllowList _allowList;
    private readonly CancellationTokenSource _stop = new();
    private long _accepted;
    private long _refused;
    private int _leases;
    private bool _disposeRequested;
    private int _enforcementReported;

    public ZapHandler(ZmqContext context, ClientAllowList allowList, string domain, ILogger<ZapHandler>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allowList);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        _allowList = allowList;
        _domain = domain;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        TimeProvider time = timeProvider ?? TimeProvider.System;
        try
        {
            _thread = SocketThread.Start("edgemer-zap", context, ZmqSocketType.Rep, socket => socket.Bind(Endpoint), socket => ServeRequests(socket, time));
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

    /// <summary>The allow-list new connections are judged by, and requests checked against.</summary>
    public ClientAllowList AllowList => _allowList;

    /// <summary>
    /// Raised by <see cref="ReplaceAllowList"/>, on its caller's thread and after the new list is in
    /// force, when the new list drops a key the old one allowed.
    /// </summary>
    public event EventHandler<ClientsRevokedEventArgs>? ClientsRevoked;

    /// <summary>
    /// Swaps in a new allow-list. New handshakes are judged by it at once; requests on connections
    /// already open are checked against it by the sockets that read <see cref="ClientKeyProperty"/>,
    /// and when it revokes a client, <see cref="ClientsRevoked"/> tells the others to close theirs.
    /// </summary>
    public void ReplaceAllowList(ClientAllowList allowList)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        ClientAllowList previous;
        lock (_gate)
        {
            // Under the gate, so two reloads at once cannot both miss what the other revoked.
            previous = _allowList;
            _allowList = allowList;
        }

        LogAllowListReplaced(_logger, allowList.Count);
        IReadOnlyList<string> revoked = previous.ClientsRevokedBy(allowList);
        if (revoked.Count > 0)
        {
            LogClientsRevoked(_logger, new LogText(string.Join(", ", revoked)));
            ClientsRevoked?.Invoke(this, new ClientsRevokedEventArgs(revoked));
        }
    }

    /// <summary>
    /// Whether the current allow-list admits the client whose Z85 key a connection carries as
    /// <see cref="ClientKeyProperty"/>, and its name there.
    /// </summary>
    public bool TryGetClientName(string? clientKey, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name)
    {
        name = null;
        return CurvePublicKey.TryParse(clientKey, out CurvePublicKey? key) && _allowList.TryGetClientName(key, out name);
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

            _stop.Cancel();
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
                _stop.Cancel();
            }
        }
    }

    private void ServeRequests(ZmqSocket socket, TimeProvider time)
    {
        // One failed request must not stop authentication: with no handler, libzmq 4.3 would let
        // the next clients in unchecked.
        var frames = new List<byte[]>(8);
        SocketThread.ServeWhenReadable(
            socket,
            () =>
            {
                if (socket.ReceiveMultipart(frames))
                {
                    Answer(socket, frames);
                }
            },
            (pause, e) => LogIterationFailed(_logger, (long)pause.TotalMilliseconds, e),
            time,
            _stop.Token);
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
            verdict = new Verdict("500", "internal error", "", null);
        }

        // A REP socket takes no further request until it has answered this one.
        Reply(socket, requestId, verdict);
        if (failure is not null)
        {
            LogJudgingFailed(_logger, failure);
        }
    }

    private Verdict Judge(List<byte[]> request)
    {
        if (request.Count < 6 || !request[0].AsSpan().SequenceEqual("1.0"u8))
        {
            return new Verdict("500", "malformed ZAP request", "", null);
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

        LogAccepted(_logger, new LogText(name), new LogText(address));
        Interlocked.Increment(ref _accepted);
        return new Verdict("200", "OK", name, key);
    }

    private Verdict Refuse(string address, string reason)
    {
        LogRefused(_logger, new LogText(address), new LogText(reason));
        Interlocked.Increment(ref _refused);
        return new Verdict("400", reason, "", null);
    }

    /// <summary>
    /// A ZAP reply's status code (200 accepts; 400 and 500 refuse), its text, the User-Id it gives and,
    /// when it accepts, the key it admitted (sent back as <see cref="ClientKeyProperty"/>).
    /// </summary>
    private readonly record struct Verdict(string Status, string Text, string UserId, CurvePublicKey? Key);

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

    private static void Reply(ZmqSocket socket, byte[] requestId, in Verdict verdict)
    {
        socket.Send("1.0"u8, more: true);
        socket.Send(requestId, more: true);
        socket.Send(Encoding.ASCII.GetBytes(verdict.Status), more: true);
        socket.Send(Encoding.UTF8.GetBytes(verdict.Text), more: true);
        socket.Send(Encoding.UTF8.GetBytes(verdict.UserId), more: true);
        socket.Send(verdict.Key is { } key ? Metadata(ClientKeyProperty, key.Z85Text) : [], more: false);
    }

    /// <summary>One ZMTP metadata property: name length (1 byte), name, value length (4 bytes, big-endian), value.</summary>
    private static byte[] Metadata(string name, string value)
    {
        byte[] nameBytes = Encoding.ASCII.GetBytes(name);
        byte[] valueBytes = Encoding.ASCII.GetBytes(value);
        byte[] property = new byte[1 + nameBytes.Length + 4 + valueBytes.Length];
        property[0] = checked((byte)nameBytes.Length);
        nameBytes.CopyTo(property, 1);
        BinaryPrimitives.WriteInt32BigEndian(property.AsSpan(1 + nameBytes.Length), valueBytes.Length);
        valueBytes.CopyTo(property, 1 + nameBytes.Length + 4);
        return property;
    }
}
