namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// How to start the process whose egress is proven: a command line that binds a publisher on a
/// loopback port, prints "Publishing summaries on ENDPOINT" (the SummaryPublisher's own log line),
/// and publishes until it is stopped: by closing its standard input (the stand-in device) or, with
/// <see cref="StopsOnSignal"/>, by SIGTERM as systemd stops <c>edgemer run</c>.
/// </summary>
public sealed record DeviceUnderProof(string FileName, IReadOnlyList<string> Arguments, bool StopsOnSignal = false);
