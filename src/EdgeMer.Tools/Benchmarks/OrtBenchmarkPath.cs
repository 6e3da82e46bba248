namespace EdgeMer.Tools.Benchmarks;

/// <summary>One way of running a model, timed call by call.</summary>
/// <param name="Name">The API call, for example "EdgeMer InferenceBinding.Run".</param>
/// <param name="Times">Exactly what one timed call does.</param>
/// <param name="Latency">Per-call times.</param>
/// <param name="AllocatedBytesPerRun">Managed bytes allocated per call on the calling thread, counted over one round's calls after a full collection.</param>
public sealed record OrtBenchmarkPath(string Name, string Times, LatencySummary Latency, double AllocatedBytesPerRun);
