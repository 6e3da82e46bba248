namespace EdgeMer.Runtime.Diagnostics;

/// <summary>One preferred provider's fate.</summary>
public sealed record ProviderDecisionReport(string Provider, string Status, string Reason);
