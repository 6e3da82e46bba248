namespace EdgeMer.Models.Catalog;

/// <summary>The colour channels an image input takes.</summary>
public enum ColorOrder
{
    Rgb,
    Bgr,
    Grayscale,

    /// <summary>Not an image input.</summary>
    None,
}
