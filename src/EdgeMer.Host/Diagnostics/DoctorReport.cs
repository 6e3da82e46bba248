namespace EdgeMer.Host.Diagnostics;

/// <summary>What <c>edgemer doctor</c> found: the runtime, the machine, and what each model would run on.</summary>
public sealed record DoctorReport(
    EdgeMerInfo EdgeMer,
    MachineInfo Machine,
    OnnxRuntimeReport OnnxRuntime,
    DeviceProfileReport DeviceProfile,
    ProviderPlanReport? ExecutionProviders,
    ModelCatalogReport ModelCatalog,
    IReadOnlyList<ModelProviderReport> Models,
    ZeroMqReport ZeroMq,
    IReadOnlyList<ToolProbe> Tools,
    HardwareReport Hardware)
{
    /// <summary>False when something EdgeMer cannot run without is missing or broken.</summary>
    public bool Healthy => OnnxRuntime.Loaded && ZeroMq.Loaded && DeviceProfile.Problem is null && ModelCatalog.Problem is null;
}

/// <summary>This build of EdgeMer.</summary>
public sealed record EdgeMerInfo(string Version, string Framework, bool NativeAot, string Executable);

/// <summary>The ONNX Runtime library EdgeMer found, or why it found none.</summary>
public sealed record OnnxRuntimeReport(
    bool Loaded,
    string? Version,
    int? ApiVersion,
    int MinimumApiVersion,
    string? Library,
    IReadOnlyList<string> Providers,
    string? Error);

/// <summary>The libzmq EdgeMer publishes through, and whether it can encrypt (CURVE).</summary>
public sealed record ZeroMqReport(bool Loaded, string? Version, bool Curve, string? Error);

/// <summary>The device profile in use and how it was chosen.</summary>
public sealed record DeviceProfileReport(
    string? Id,
    string? Name,
    string Source,
    IReadOnlyList<string> Providers,
    string? Problem);

/// <summary>The execution provider the profile's models get on this machine, and what became of each preferred one.</summary>
public sealed record ProviderPlanReport(string Selected, IReadOnlyList<ProviderDecisionReport> Decisions);

/// <summary>Where the model manifests were read from, or why they could not be.</summary>
public sealed record ModelCatalogReport(string Folder, string? Problem);

/// <summary>
/// The execution provider one model gets: the profile's plan, or, when <paramref name="Loaded"/>, what a
/// session opened on this machine really got.
/// </summary>
public sealed record ModelProviderReport(string Model, string Provider, bool Loaded, string? Problem);

/// <summary>One preferred provider's fate.</summary>
public sealed record ProviderDecisionReport(string Provider, string Status, string Reason);

/// <summary>Capture and alert hardware the kernel exposes.</summary>
public sealed record HardwareReport(IReadOnlyList<string> Cameras, IReadOnlyList<string> GpioChips, IReadOnlyList<string> SoundCards);
