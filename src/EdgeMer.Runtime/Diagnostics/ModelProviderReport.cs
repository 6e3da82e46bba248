namespace EdgeMer.Runtime.Diagnostics;

/// <summary>
/// The execution provider one model gets: the profile's plan, or, when <paramref name="Loaded"/>, what a
/// session opened on this machine really got.
/// </summary>
public sealed record ModelProviderReport(string Model, string Provider, bool Loaded, string? Problem, string Variant = "fp32");
