namespace EdgeMer.Messaging.Zmq;

/// <summary>The result of <see cref="ZmqLibrary.Probe"/>.</summary>
/// <param name="IsAvailable">Whether libzmq loaded.</param>
/// <param name="Version">libzmq's version (zmq_version), when it loaded.</param>
/// <param name="HasCurve">Whether it was built with CURVE (zmq_has("curve")); EdgeMer's security needs it.</param>
/// <param name="Problem">Why it is unusable, when it is.</param>
public sealed record ZmqLibraryInfo(bool IsAvailable, Version? Version, bool HasCurve, string? Problem);
