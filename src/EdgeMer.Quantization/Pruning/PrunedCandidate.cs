using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Reports;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// One pruned variant built for a candidate sparsity and what was measured of it; <see cref="Rejections"/>
/// lists each fidelity bound it broke and whether it runs slower than fp32, empty when it may be written.
/// </summary>
public sealed record PrunedCandidate(
    double Sparsity,
    long Bytes,
    string Sha256,
    ModelCost Cost,
    LatencyResult Latency,
    IReadOnlyList<FidelityFigure> Fidelity,
    IReadOnlyList<PrunedGroup> Groups,
    IReadOnlyList<string> Rejections);
