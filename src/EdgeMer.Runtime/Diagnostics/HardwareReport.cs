namespace EdgeMer.Runtime.Diagnostics;

/// <summary>Capture and alert hardware the kernel exposes.</summary>
public sealed record HardwareReport(IReadOnlyList<string> Cameras, IReadOnlyList<string> GpioChips, IReadOnlyList<string> SoundCards);
