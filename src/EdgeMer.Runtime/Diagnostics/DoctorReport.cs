using EdgeMer.Platform;

namespace EdgeMer.Runtime.Diagnostics;

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
    HardwareReport Hardware,
    GpioReport Gpio,
    UpdateReport? Updates = null)
{
    /// <summary>False when something EdgeMer cannot run without is missing or broken.</summary>
    public bool Healthy => OnnxRuntime.Loaded && ZeroMq.Loaded && DeviceProfile.Problem is null && ModelCatalog.Problem is null;
}
