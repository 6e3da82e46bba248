namespace EdgeMer.Models.Catalog;

/// <summary>A built model file read whole and checked against the sha256 its index recorded.</summary>
/// <param name="Id">The catalog id.</param>
/// <param name="Variant">The variant (<c>fp32</c>, <c>int8</c>, <c>pruned</c>).</param>
/// <param name="Path">The file it was read from.</param>
/// <param name="Sha256">Its sha256, which is also its version.</param>
/// <param name="Bytes">Its contents.</param>
public sealed record VerifiedModel(string Id, string Variant, string Path, string Sha256, byte[] Bytes);
