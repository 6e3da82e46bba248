namespace EdgeMer.Imaging;

/// <summary>Which colour channels a model's image input holds, in which order (the manifest's <c>colorOrder</c>).</summary>
public enum ColorOrder
{
    Rgb,
    Bgr,

    /// <summary>One channel: luma from R, G and B with the weights of <see cref="ModelInputFormat.GrayWeights"/>.</summary>
    Grayscale,
}
