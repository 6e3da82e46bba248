namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>
/// How to start the process whose egress is proven: a command line that binds a publisher on a
/// loopback port, prints "Publishing summaries on ENDPOINT" (the SummaryPublisher's own log line),
/// publishes until its standard input closes, then exits. Today the stand-in device; the pipeline's
/// <c>edgemer run</c> once it exists.
/// </summary>
public sealed record DeviceUnderProof(string FileName, IReadOnlyList<string> Arguments);
