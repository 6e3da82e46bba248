namespace EdgeMer.Runtime.Diagnostics;

/// <summary>
/// The ONNX Runtime library EdgeMer found, or why it found none; <paramref name="Providers"/> as the build
/// lists them, <paramref name="ProviderSupport"/> what each provider EdgeMer knows can really do here.
/// </summary>
public sealed record OnnxRuntimeReport(
    bool Loaded,
    string? Version,
    int? ApiVersion,
    int MinimumApiVersion,
    string? Library,
    IReadOnlyList<string> Providers,
    IReadOnlyList<ProviderSupportReport> ProviderSupport,
    string? Error);
