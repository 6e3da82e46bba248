namespace EdgeMer.Capture;

/// <summary>Facts about <see cref="PixelFormat"/>.</summary>
public static class PixelFormats
{
    /// <summary>Bytes one pixel takes.</summary>
    public static int BytesPerPixel(PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => 3,
        PixelFormat.Gray8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a pixel format"),
    };
}
