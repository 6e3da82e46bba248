namespace EdgeMer.Host.Benchmarks;

/// <summary>The JSON line src/peers/ort-node-bench.js prints.</summary>
public sealed record NodeOrtPeerResult(
    string Runtime,
    string Version,
    string Node,
    int Iterations,
    double MeanNs,
    double P50Ns,
    double P99Ns);
