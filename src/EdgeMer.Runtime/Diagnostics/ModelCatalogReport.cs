namespace EdgeMer.Runtime.Diagnostics;

/// <summary>Where the model manifests were read from, or why they could not be.</summary>
public sealed record ModelCatalogReport(string Folder, string? Problem);
