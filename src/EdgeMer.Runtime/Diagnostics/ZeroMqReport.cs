namespace EdgeMer.Runtime.Diagnostics;

/// <summary>The libzmq EdgeMer publishes through, and whether it can encrypt (CURVE).</summary>
public sealed record ZeroMqReport(bool Loaded, string? Version, bool Curve, string? Error);
