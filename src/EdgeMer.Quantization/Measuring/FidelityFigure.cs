namespace EdgeMer.Quantization.Measuring;

/// <summary>
/// One fidelity figure of a quantized variant against its float parent on the held-out inputs:
/// what it is, its value, and the target it is held to (<see cref="Target"/> null when the figure
/// is informative only). <see cref="Met"/> compares with <see cref="AtLeast"/> or at most.
/// </summary>
public sealed record FidelityFigure(string Name, double Value, string Unit, double? Target, bool AtLeast)
{
    public bool Met => Target is not { } target || (AtLeast ? Value >= target : Value <= target);
}
