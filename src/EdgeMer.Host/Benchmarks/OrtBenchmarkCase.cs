namespace EdgeMer.Host.Benchmarks;

/// <summary>One model measured through EdgeMer and through the peer.</summary>
/// <param name="Model">What the model is, for example "identity 1x16 float32".</param>
/// <param name="Shape">The input (and output) shape.</param>
/// <param name="EdgeMer">Per-call times through EdgeMer's binding.</param>
/// <param name="EdgeMerAllocatedBytesPerRun">Managed bytes EdgeMer allocated per timed call (expected 0).</param>
/// <param name="Peer">Per-call times through the peer; null when it could not run.</param>
/// <param name="PeerError">Why the peer could not run; null when it ran.</param>
/// <param name="Ratio">EdgeMer divided by the peer, figure by figure (target: 1 or less); null without a peer.</param>
public sealed record OrtBenchmarkCase(
    string Model,
    IReadOnlyList<long> Shape,
    LatencySummary EdgeMer,
    double EdgeMerAllocatedBytesPerRun,
    LatencySummary? Peer,
    string? PeerError,
    LatencyRatio? Ratio);
