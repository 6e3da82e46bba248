namespace EdgeMer.Messaging.Zmq;

/// <summary>Socket monitor events (zmq_socket_monitor(3)); values are libzmq's.</summary>
[Flags]
public enum ZmqMonitorEvents
{
    None = 0,
    Connected = 0x0001,
    ConnectDelayed = 0x0002,
    ConnectRetried = 0x0004,
    Listening = 0x0008,
    BindFailed = 0x0010,
    Accepted = 0x0020,
    AcceptFailed = 0x0040,
    Closed = 0x0080,
    CloseFailed = 0x0100,
    Disconnected = 0x0200,
    MonitorStopped = 0x0400,

    /// <summary>The ZMTP handshake failed for an unspecified reason (e.g. the peers' mechanisms differ).</summary>
    HandshakeFailedNoDetail = 0x0800,

    /// <summary>The ZMTP handshake, including any authentication, completed.</summary>
    HandshakeSucceeded = 0x1000,

    /// <summary>The peer broke the ZMTP protocol (e.g. a CURVE box that does not open).</summary>
    HandshakeFailedProtocol = 0x2000,

    /// <summary>The ZAP handler refused the peer; the value is the ZAP status code (e.g. 400).</summary>
    HandshakeFailedAuth = 0x4000,

    All = 0xFFFF,
}
