namespace EdgeMer.Models.Catalog;

/// <summary>The colour channels an image input takes.</summary>
public enum ColorOrder
{
    Rgb,
    Grayscale,
    None,
}
