using EdgeMer.Capture;

namespace EdgeMer.Imaging;

/// <summary>
/// Read-only pixels of an image in memory, rows top to bottom: a captured <see cref="Frame"/>, a
/// decoded <see cref="RgbImage"/> or any caller's buffer. A view, so nothing is copied or allocated.
/// </summary>
public readonly ref struct ImageView
{
    /// <summary>A view over <paramref name="pixels"/>; throws when the buffer is too small for the size given.</summary>
    public ImageView(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int rowBytes = checked(width * PixelFormats.BytesPerPixel(format));
        if (stride < rowBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"a row of {width} {format} pixels takes {rowBytes} bytes; the stride is shorter");
        }

        long needed = ((long)stride * (height - 1)) + rowBytes;
        if (pixels.Length < needed)
        {
            throw new ArgumentException($"{width}x{height} {format} pixels with stride {stride} need {needed} bytes; the buffer has {pixels.Length}", nameof(pixels));
        }

        Pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    public ReadOnlySpan<byte> Pixels { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes from the start of one row to the start of the next.</summary>
    public int Stride { get; }

    public PixelFormat Format { get; }

    /// <summary>Bytes one pixel takes.</summary>
    public int Channels => PixelFormats.BytesPerPixel(Format);

    /// <summary>A view of a captured frame's pixels (the caller holds the frame while it uses the view).</summary>
    public static ImageView Of(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new ImageView(frame.Pixels, frame.Width, frame.Height, frame.Stride, frame.Format);
    }
}
