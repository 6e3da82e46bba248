using EdgeMer.Gpio;

namespace EdgeMer.Runtime.Diagnostics;

/// <summary>
/// The GPIO chips this machine has and whether EdgeMer can open them, whether libgpiod loads, the
/// lines the device profile wires and what <c>edgemer run</c> would do with them here.
/// </summary>
public sealed record GpioReport(
    IReadOnlyList<GpioChipReport> Chips,
    bool LibgpiodLoaded,
    string? LibgpiodProblem,
    string? ProfileWiring,
    string? ProfileNote);
