namespace EdgeMer.Messaging.Zmq;

/// <summary>ZMTP security mechanisms (ZMQ_MECHANISM values).</summary>
public enum ZmqSecurityMechanism
{
    /// <summary>No security: anyone who can connect is served in clear text.</summary>
    Null = 0,

    /// <summary>Clear-text user name and password; EdgeMer does not use it.</summary>
    Plain = 1,

    /// <summary>CurveZMQ (RFC 26): encrypted, with client keys checked by the ZAP handler.</summary>
    Curve = 2,
}
