namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>What a recorded run produced: the bytes each way, the device's sockets mid-run, and the publisher endpoint it announced.</summary>
public sealed record WireEvidence(
    string PublisherEndpoint,
    byte[] FromDevice,
    byte[] ToDevice,
    IReadOnlyList<ProcessSocket> DeviceSockets,
    string DeviceOutput);
