using EdgeMer.Platform;

namespace EdgeMer.Models.Catalog;

/// <summary>One input of a converted model as its manifest describes it.</summary>
public sealed record ModelInput
{
    /// <summary>The ONNX input name.</summary>
    public required string Name { get; init; }

    /// <summary>The input's name in the source model (a TensorFlow placeholder), when it differs.</summary>
    public string? SourceName { get; init; }

    public required IReadOnlyList<ModelDimension> Shape { get; init; }

    public required InputLayout Layout { get; init; }

    public required TensorElementType ElementType { get; init; }

    public required ColorOrder ColorOrder { get; init; }

    public required InputContent Content { get; init; }

    public required InputNormalization Normalization { get; init; }

    /// <summary>For <see cref="InputContent.Audio16k"/> inputs, how the stream is cut into calls.</summary>
    public AudioFraming? Framing { get; init; }

    /// <summary>Height, width and channels of an NHWC or NCHW image input.</summary>
    public (int Height, int Width, int Channels) ImageSize => Layout switch
    {
        InputLayout.Nhwc => ((int)Shape[1].Size, (int)Shape[2].Size, (int)Shape[3].Size),
        InputLayout.Nchw => ((int)Shape[2].Size, (int)Shape[3].Size, (int)Shape[1].Size),
        _ => throw new InvalidOperationException($"input {Name} is not an image ({Layout})"),
    };
}
