namespace EdgeMer.Host.Diagnostics;

/// <summary>The ONNX Runtime library EdgeMer found, or why it found none.</summary>
public sealed record OnnxRuntimeReport(
    bool Loaded,
    string? Version,
    int? ApiVersion,
    int MinimumApiVersion,
    string? Library,
    IReadOnlyList<string> Providers,
    string? Error);
