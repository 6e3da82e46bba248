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

    /// <summary>Configures <paramref name="socket"/> as a CURVE server in the handler's ZAP domain; call before bind.</summary>
    public void Apply(ZmqSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.ZapDomain = ZapHandler.Domain;
        socket.MakeCurveServer(ServerKeys);
    }
}
