using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Security;

/// <summary>
/// What makes a server socket a CURVE server: its key pair, and the running <see cref="ZapHandler"/>
/// that checks clients against the allow-list (required: without one libzmq would let any CURVE
/// client in). Publisher and control socket share one.
/// </summary>
public sealed class CurveServerSecurity
{
    public CurveServerSecurity(CurveKeyPair serverKeys, ZapHandler zapHandler)
    {
        ArgumentNullException.ThrowIfNull(serverKeys);
        ArgumentNullException.ThrowIfNull(zapHandler);
        ServerKeys = serverKeys;
        ZapHandler = zapHandler;
    }

    public CurveKeyPair ServerKeys { get; }

    public ZapHandler ZapHandler { get; }

    /// <summary>
    /// Configures <paramref name="socket"/> as a CURVE server in the handler's ZAP domain; call before
    /// bind. The socket holds the handler until it is closed, so the handler cannot stop (and let
    /// unchecked clients in) while the socket can still accept them.
    /// </summary>
    public void Apply(ZmqSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ZapHandler.Protect(socket);
        socket.MakeCurveServer(ServerKeys);
    }
}
