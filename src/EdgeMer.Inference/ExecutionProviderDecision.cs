namespace EdgeMer.Inference;

/// <summary>What happened to one execution provider, and why.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Status">What became of it.</param>
/// <param name="Reason">Why, in words fit for a log line.</param>
public sealed record ExecutionProviderDecision(ExecutionProviderKind Provider, ExecutionProviderStatus Status, string Reason);
