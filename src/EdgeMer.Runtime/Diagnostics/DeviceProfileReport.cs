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
    string? Problem)
{
    /// <summary>The glibc of the OS the profile describes (its <c>glibc</c> field), when it states one.</summary>
    public string? Glibc { get; init; }

    /// <summary>Says when that glibc is older than the one this binary needs (it would not start on the board).</summary>
    public string? GlibcNote { get; init; }
}
