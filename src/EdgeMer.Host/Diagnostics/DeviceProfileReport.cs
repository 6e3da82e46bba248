namespace EdgeMer.Host.Diagnostics;

/// <summary>The device profile in use and how it was chosen.</summary>
public sealed record DeviceProfileReport(
    string? Id,
    string? Name,
    string Source,
    IReadOnlyList<string> Providers,
    string? Problem);
