namespace EdgeMer.Messaging.Zmq;

/// <summary>One socket monitor event: what happened, its value (an fd, an errno or a ZAP status) and where.</summary>
public readonly record struct ZmqMonitorEvent(ZmqMonitorEvents Event, int Value, string Endpoint);
