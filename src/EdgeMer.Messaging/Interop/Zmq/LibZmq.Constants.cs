namespace EdgeMer.Messaging.Interop.Zmq;

internal static partial class LibZmq
{
    // Send/receive flags (zmq.h).
    internal const int DontWait = 1;
    internal const int SendMore = 2;

    // Socket options used by EdgeMer (zmq_setsockopt(3)).
    internal const int RoutingId = 5;
    internal const int Subscribe = 6;
    internal const int Unsubscribe = 7;
    internal const int SendBuffer = 11;
    internal const int ReceiveMore = 13;
    internal const int Events = 15;
    internal const int Type = 16;
    internal const int Linger = 17;
    internal const int MaxMessageSize = 22;
    internal const int SendHighWaterMark = 23;
    internal const int ReceiveHighWaterMark = 24;
    internal const int ReceiveTimeout = 27;
    internal const int SendTimeout = 28;
    internal const int LastEndpoint = 32;
    internal const int RouterMandatory = 33;
    internal const int Immediate = 39;
    internal const int Mechanism = 43;
    internal const int CurveServer = 47;
    internal const int CurvePublicKey = 48;
    internal const int CurveSecretKey = 49;
    internal const int CurveServerKey = 50;
    internal const int ZapDomain = 55;
    internal const int XPubNoDrop = 69;
    internal const int HeartbeatInterval = 75;
    internal const int HeartbeatTtl = 76;
    internal const int HeartbeatTimeout = 77;

    // DRAFT in libzmq 4.3: refuse a handshake when no ZAP handler answers instead of admitting the peer.
    internal const int ZapEnforceDomain = 93;

    // Context options (zmq_ctx_set(3)).
    internal const int IoThreads = 1;
    internal const int Blocky = 70;

    // zmq_poll(3) event bits.
    internal const short PollIn = 1;
    internal const short PollOut = 2;

    // errno values libzmq reports that EdgeMer reacts to (Linux numbering for the POSIX ones).
    internal const int EAgain = 11;
    internal const int EInval = 22;
    internal const int EIntr = 4;
    private const int Hausnumero = 156384712;
    internal const int ETerm = Hausnumero + 53;
}
