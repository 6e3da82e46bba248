using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>
/// An RGB24 image in a pinned managed buffer: what <see cref="ImageFile.Decode"/> returns, and what
/// tools and tests build by hand. Rows are packed (stride = 3 × width).
/// </summary>
public sealed class RgbImage
{
    private readonly byte[] _pixels;

    /// <summary>A black image of the given size.</summary>
    public RgbImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _pixels = GC.AllocateArray<byte>(checked(width * height * 3), pinned: true);
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride => Width * 3;

    /// <summary>The pixels, R, G, B per pixel, row after row.</summary>
    public Span<byte> Pixels => _pixels;

    /// <summary>A read-only view for the preprocessing and overlay code.</summary>
    public ImageView View => new(_pixels, Width, Height, Stride, PixelFormat.Rgb24);
}
