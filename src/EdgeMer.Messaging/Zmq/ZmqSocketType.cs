namespace EdgeMer.Messaging.Zmq;

/// <summary>The ZeroMQ socket types EdgeMer uses; values are libzmq's.</summary>
public enum ZmqSocketType
{
    /// <summary>Exclusive pair; EdgeMer uses it only to read socket monitor events.</summary>
    Pair = 0,

    /// <summary>Publisher: summaries, alerts and health go out on one.</summary>
    Pub = 1,

    /// <summary>Subscriber: integrators and <c>edgemer listen</c>.</summary>
    Sub = 2,

    /// <summary>Request (strict send/receive alternation); the other end of <see cref="Rep"/>.</summary>
    Req = 3,

    /// <summary>Reply: the ZAP handler answers libzmq's authentication requests on one.</summary>
    Rep = 4,

    /// <summary>Asynchronous request; control clients.</summary>
    Dealer = 5,

    /// <summary>Addressed reply; the control socket.</summary>
    Router = 6,
}
