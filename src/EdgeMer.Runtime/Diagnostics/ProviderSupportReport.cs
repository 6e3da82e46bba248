namespace EdgeMer.Runtime.Diagnostics;

/// <summary>
/// One execution provider on the loaded ONNX Runtime: compiled into the build, its provider libraries
/// in place (<c>BuiltIn</c>, <c>Present</c>, <c>Missing</c>, <c>Unknown</c>), and usable (a session
/// with it really ran), with the reason.
/// </summary>
public sealed record ProviderSupportReport(
    string Provider,
    bool CompiledIn,
    string Libraries,
    IReadOnlyList<string> LibraryFiles,
    bool Usable,
    string Reason);
