namespace EdgeMer.Runtime.Diagnostics;

/// <summary>
/// The device profile in use and how it was chosen; <paramref name="OnnxRuntime"/> is the runtime its
/// providers need (bundled, bundled-gpu, device) and <paramref name="RuntimeNote"/> says when the runtime
/// this process loaded is not that one.
/// </summary>
public sealed record DeviceProfileReport(
    string? Id,
    string? Name,
    string Source,
    IReadOnlyList<string> Providers,
    string? OnnxRuntime,
    string? RuntimeNote,
    string? Problem);
