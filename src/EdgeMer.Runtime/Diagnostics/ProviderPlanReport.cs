namespace EdgeMer.Runtime.Diagnostics;

/// <summary>The execution provider the profile's models get on this machine, and what became of each preferred one.</summary>
public sealed record ProviderPlanReport(string Selected, IReadOnlyList<ProviderDecisionReport> Decisions);
