namespace EdgeMer.Runtime.Diagnostics;

/// <summary>Where model updates stand in an update folder (docs/fleet.md): the accepted bundle version, the last update's step and why it ended so, the live set.</summary>
public sealed record UpdateReport(string Directory, long BundleVersion, string State, string? LiveSet, string? Reason, string? Problem);
