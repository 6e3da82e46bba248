using EdgeMer.Quantization.Measuring;

namespace EdgeMer.Quantization;

/// <summary>The held-out fidelity of a recipe's variant when <see cref="Node"/> is kept float as well.</summary>
public sealed record NodeSensitivity(string Node, string Kind, IReadOnlyList<FidelityFigure> Fidelity);
