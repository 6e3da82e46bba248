using EdgeMer.Platform;

namespace EdgeMer.Models.Catalog;

/// <summary>One output of a converted model as its manifest describes it.</summary>
public sealed record ModelOutput
{
    /// <summary>The ONNX output name.</summary>
    public required string Name { get; init; }

    /// <summary>The tensor in the source model (<c>Identity_3:0</c>), for converted models.</summary>
    public string? SourceName { get; init; }

    public required IReadOnlyList<ModelDimension> Shape { get; init; }

    public required TensorElementType ElementType { get; init; }

    /// <summary>What the values mean, in words.</summary>
    public required string Meaning { get; init; }
}
