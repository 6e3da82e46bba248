namespace EdgeMer.Models.Catalog;

/// <summary>A file of a model's pinned source package and its sha256.</summary>
/// <param name="Path">The path inside the package.</param>
/// <param name="Sha256">Its sha256, lower-case hex.</param>
public sealed record ModelSourceFile(string Path, string Sha256);
