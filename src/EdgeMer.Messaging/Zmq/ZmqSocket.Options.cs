using System.Text;
using EdgeMer.Messaging.Interop.Zmq;
using EdgeMer.Messaging.Security;

namespace EdgeMer.Messaging.Zmq;

// Socket options (zmq_setsockopt(3)). Times are TimeSpans; Timeout.InfiniteTimeSpan means libzmq's -1.
public sealed partial class ZmqSocket
{
    /// <summary>How long close waits to deliver queued messages (EdgeMer sockets start at zero).</summary>
    public TimeSpan Linger
    {
        get => TimeSpan.FromMilliseconds(GetInt32(LibZmq.Linger, "ZMQ_LINGER"));
        set => SetInt32(LibZmq.Linger, ToMilliseconds(value), "ZMQ_LINGER");
    }

    /// <summary>Messages queued per peer before sending refuses (PUB drops) further ones; 0 is unlimited.</summary>
    public int SendHighWaterMark
    {
        get => GetInt32(LibZmq.SendHighWaterMark, "ZMQ_SNDHWM");
        set => SetInt32(LibZmq.SendHighWaterMark, CheckNotNegative(value), "ZMQ_SNDHWM");
    }

    /// <summary>Messages queued per peer on the receiving side; 0 is unlimited.</summary>
    public int ReceiveHighWaterMark
    {
        get => GetInt32(LibZmq.ReceiveHighWaterMark, "ZMQ_RCVHWM");
        set => SetInt32(LibZmq.ReceiveHighWaterMark, CheckNotNegative(value), "ZMQ_RCVHWM");
    }

    /// <summary>
    /// The kernel's send buffer for each TCP connection (SO_SNDBUF), in bytes; -1, the default,
    /// leaves the kernel's own (which grows on demand). Set before connect or bind.
    /// </summary>
    public int SendBufferSize
    {
        get => GetInt32(LibZmq.SendBuffer, "ZMQ_SNDBUF");
        set => SetInt32(LibZmq.SendBuffer, value >= -1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be -1 (the kernel's default) or more"), "ZMQ_SNDBUF");
    }

    /// <summary>How long a blocking <see cref="Send"/> waits.</summary>
    public TimeSpan SendTimeout
    {
        get => FromMilliseconds(GetInt32(LibZmq.SendTimeout, "ZMQ_SNDTIMEO"));
        set => SetInt32(LibZmq.SendTimeout, ToMilliseconds(value), "ZMQ_SNDTIMEO");
    }

    /// <summary>How long a blocking receive waits.</summary>
    public TimeSpan ReceiveTimeout
    {
        get => FromMilliseconds(GetInt32(LibZmq.ReceiveTimeout, "ZMQ_RCVTIMEO"));
        set => SetInt32(LibZmq.ReceiveTimeout, ToMilliseconds(value), "ZMQ_RCVTIMEO");
    }

    /// <summary>Largest inbound message; a peer that sends more is disconnected by libzmq. -1 is unlimited.</summary>
    public long MaxMessageSize
    {
        get => GetInt64(LibZmq.MaxMessageSize, "ZMQ_MAXMSGSIZE");
        set => SetInt64(LibZmq.MaxMessageSize, value, "ZMQ_MAXMSGSIZE");
    }

    /// <summary>
    /// PUB only: when true, a send that would exceed a subscriber's high-water mark is refused
    /// (<see cref="TrySend"/> returns false) instead of being dropped silently, so drops can be counted.
    /// </summary>
    public bool RefuseAtHighWaterMark
    {
        set => SetInt32(LibZmq.XPubNoDrop, value ? 1 : 0, "ZMQ_XPUB_NODROP");
    }

    /// <summary>Queue messages only to completed connections.</summary>
    public bool Immediate
    {
        get => GetInt32(LibZmq.Immediate, "ZMQ_IMMEDIATE") != 0;
        set => SetInt32(LibZmq.Immediate, value ? 1 : 0, "ZMQ_IMMEDIATE");
    }

    /// <summary>ROUTER only: fail a send to an unknown or gone peer instead of dropping it silently.</summary>
    public bool RouterMandatory
    {
        set => SetInt32(LibZmq.RouterMandatory, value ? 1 : 0, "ZMQ_ROUTER_MANDATORY");
    }

    /// <summary>
    /// Makes libzmq carry out the commands waiting for this socket (new and closed connections,
    /// subscriptions), which it otherwise does only inside the socket's next send, receive or poll.
    /// Reading ZMQ_EVENTS does that and nothing else.
    /// </summary>
    internal void ProcessCommands() => _ = GetInt32(LibZmq.Events, "ZMQ_EVENTS");

    /// <summary>The endpoint the last bind or connect resolved to (the real port after <c>tcp://host:*</c>).</summary>
    public string LastEndpoint => GetString(LibZmq.LastEndpoint, "ZMQ_LAST_ENDPOINT");

    /// <summary>The security mechanism configured: NULL, PLAIN or CURVE.</summary>
    public ZmqSecurityMechanism Mechanism => (ZmqSecurityMechanism)GetInt32(LibZmq.Mechanism, "ZMQ_MECHANISM");

    /// <summary>The ZAP domain libzmq passes to the authentication handler for this socket's peers.</summary>
    public string ZapDomain
    {
        get => GetString(LibZmq.ZapDomain, "ZMQ_ZAP_DOMAIN");
        set => SetBytes(LibZmq.ZapDomain, Encoding.UTF8.GetBytes(value), "ZMQ_ZAP_DOMAIN");
    }

    /// <summary>Whether a handshake is refused when no ZAP handler answers (ZMQ_ZAP_ENFORCE_DOMAIN; false where libzmq lacks it).</summary>
    internal unsafe bool ZapDomainEnforced
    {
        get
        {
            EnsureOwner();
            int value = 0;
            nuint size = sizeof(int);
            if (LibZmq.GetSockOpt(_handle, LibZmq.ZapEnforceDomain, &value, &size) == 0)
            {
                return value != 0;
            }

            int code = ZmqError.LastCode();
            if (code == LibZmq.EInval)
            {
                return false;
            }

            throw ZmqError.Create("zmq_getsockopt(ZMQ_ZAP_ENFORCE_DOMAIN)", code);
        }
    }

    /// <summary>
    /// Makes libzmq refuse a peer's handshake when no ZAP handler answers, instead of letting it in
    /// unchecked (its 4.3 default). A DRAFT option in libzmq 4.3: returns false when the library
    /// refuses it.
    /// </summary>
    internal unsafe bool TryEnforceZapDomain()
    {
        EnsureOwner();
        int on = 1;
        if (LibZmq.SetSockOpt(_handle, LibZmq.ZapEnforceDomain, &on, sizeof(int)) == 0)
        {
            return true;
        }

        int code = ZmqError.LastCode();
        if (code == LibZmq.EInval)
        {
            return false;
        }

        throw ZmqError.Create("zmq_setsockopt(ZMQ_ZAP_ENFORCE_DOMAIN=1)", code);
    }

    /// <summary>SUB only: receive messages whose first frame starts with <paramref name="topicPrefix"/> ("" is everything).</summary>
    public void Subscribe(string topicPrefix) =>
        SetBytes(LibZmq.Subscribe, Encoding.UTF8.GetBytes(topicPrefix), "ZMQ_SUBSCRIBE");

    /// <summary>SUB only: undoes one <see cref="Subscribe"/> of the same prefix.</summary>
    public void Unsubscribe(string topicPrefix) =>
        SetBytes(LibZmq.Unsubscribe, Encoding.UTF8.GetBytes(topicPrefix), "ZMQ_UNSUBSCRIBE");

    /// <summary>The identity a ROUTER peer sees for this socket; set before connecting.</summary>
    public void SetRoutingId(ReadOnlySpan<byte> routingId) => SetBytes(LibZmq.RoutingId, routingId, "ZMQ_ROUTING_ID");

    /// <summary>
    /// ZMTP heartbeats: a PING every <paramref name="interval"/>; the connection is dropped when nothing
    /// comes back within <paramref name="timeout"/>; the peer is told to drop it after <paramref name="ttl"/>.
    /// </summary>
    public void SetHeartbeat(TimeSpan interval, TimeSpan timeout, TimeSpan ttl)
    {
        SetInt32(LibZmq.HeartbeatInterval, ToMilliseconds(interval), "ZMQ_HEARTBEAT_IVL");
        SetInt32(LibZmq.HeartbeatTimeout, ToMilliseconds(timeout), "ZMQ_HEARTBEAT_TIMEOUT");
        SetInt32(LibZmq.HeartbeatTtl, ToMilliseconds(ttl), "ZMQ_HEARTBEAT_TTL");
    }

    /// <summary>Makes this socket a CURVE server with <paramref name="serverKeys"/>; set before bind.</summary>
    public void MakeCurveServer(CurveKeyPair serverKeys)
    {
        ArgumentNullException.ThrowIfNull(serverKeys);
        SetInt32(LibZmq.CurveServer, 1, "ZMQ_CURVE_SERVER");
        SetBytes(LibZmq.CurveSecretKey, serverKeys.SecretKey.Bytes, "ZMQ_CURVE_SECRETKEY");
        SetBytes(LibZmq.CurvePublicKey, serverKeys.PublicKey.Bytes, "ZMQ_CURVE_PUBLICKEY");
    }

    /// <summary>Makes this socket a CURVE client of the server holding <paramref name="serverKey"/>; set before connect.</summary>
    public void MakeCurveClient(CurveKeyPair clientKeys, CurvePublicKey serverKey)
    {
        ArgumentNullException.ThrowIfNull(clientKeys);
        ArgumentNullException.ThrowIfNull(serverKey);
        SetBytes(LibZmq.CurveServerKey, serverKey.Bytes, "ZMQ_CURVE_SERVERKEY");
        SetBytes(LibZmq.CurvePublicKey, clientKeys.PublicKey.Bytes, "ZMQ_CURVE_PUBLICKEY");
        SetBytes(LibZmq.CurveSecretKey, clientKeys.SecretKey.Bytes, "ZMQ_CURVE_SECRETKEY");
    }

    private static int ToMilliseconds(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan ? -1 : checked((int)Math.Ceiling(value.TotalMilliseconds >= 0 ? value.TotalMilliseconds
            : throw new ArgumentOutOfRangeException(nameof(value), value, "must be zero or more, or Timeout.InfiniteTimeSpan")));

    private static TimeSpan FromMilliseconds(int value) => value < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(value);

    private static int CheckNotNegative(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return value;
    }

    private unsafe void SetInt32(int option, int value, string name)
    {
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.SetSockOpt(_handle, option, &value, sizeof(int)), $"zmq_setsockopt({name}={value})");
    }

    private unsafe void SetInt64(int option, long value, string name)
    {
        EnsureOwner();
        ZmqError.ThrowIfFailed(LibZmq.SetSockOpt(_handle, option, &value, sizeof(long)), $"zmq_setsockopt({name}={value})");
    }

    private unsafe void SetBytes(int option, ReadOnlySpan<byte> value, string name)
    {
        EnsureOwner();
        fixed (byte* data = value)
        {
            // Never echo the value: some of these options carry secret keys.
            ZmqError.ThrowIfFailed(LibZmq.SetSockOpt(_handle, option, data, (nuint)value.Length), $"zmq_setsockopt({name})");
        }
    }

    private unsafe int GetInt32(int option, string name)
    {
        EnsureOwner();
        int value = 0;
        nuint size = sizeof(int);
        ZmqError.ThrowIfFailed(LibZmq.GetSockOpt(_handle, option, &value, &size), $"zmq_getsockopt({name})");
        return value;
    }

    private unsafe long GetInt64(int option, string name)
    {
        EnsureOwner();
        long value = 0;
        nuint size = sizeof(long);
        ZmqError.ThrowIfFailed(LibZmq.GetSockOpt(_handle, option, &value, &size), $"zmq_getsockopt({name})");
        return value;
    }

    private unsafe string GetString(int option, string name)
    {
        EnsureOwner();
        Span<byte> buffer = stackalloc byte[1024];
        nuint size = (nuint)buffer.Length;
        fixed (byte* data = buffer)
        {
            ZmqError.ThrowIfFailed(LibZmq.GetSockOpt(_handle, option, data, &size), $"zmq_getsockopt({name})");
        }

        // libzmq counts the terminating NUL for string options.
        int length = (int)size;
        if (length > 0 && buffer[length - 1] == 0)
        {
            length--;
        }

        return Encoding.UTF8.GetString(buffer[..length]);
    }
}
