namespace EdgeMer.Models.Catalog;

/// <summary>The licence a model is used under, and the licence texts and notices that travel with it.</summary>
public sealed record ModelLicense
{
    /// <summary>The SPDX identifier of the model's own licence, as its upstream publishes it (<c>Apache-2.0</c>, <c>MIT</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The texts and notices, as paths relative to the catalog folder (<c>licenses/Apache-2.0.txt</c>).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public string? Notes { get; init; }
}
