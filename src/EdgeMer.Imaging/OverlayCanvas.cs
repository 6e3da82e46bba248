using SkiaSharp;

namespace EdgeMer.Imaging;

/// <summary>
/// Draws what a pipeline found onto a copy of a frame (boxes, landmarks, labels) with SkiaSharp, for
/// a person to look at. A development tool: the picture is written locally and never leaves through
/// the service's egress. Colours are 0xAARRGGBB.
/// </summary>
public sealed class OverlayCanvas : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly OverlayFont _font;
    private readonly SKPaint _stroke = new() { Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
    private readonly SKPaint _fill = new() { Style = SKPaintStyle.Fill, IsAntialias = true };

    /// <summary>A canvas holding a copy of <paramref name="image"/>; labels use <paramref name="font"/>.</summary>
    public OverlayCanvas(ImageView image, OverlayFont font)
    {
        ArgumentNullException.ThrowIfNull(font);
        _font = font;
        _bitmap = ImageFile.ToBitmap(image);
        _canvas = new SKCanvas(_bitmap);
    }

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    /// <summary>An unfilled rectangle.</summary>
    public void DrawBox(float left, float top, float width, float height, uint color, float lineWidth = 2)
    {
        _stroke.Color = new SKColor(color);
        _stroke.StrokeWidth = lineWidth;
        _canvas.DrawRect(left, top, width, height, _stroke);
    }

    /// <summary>A line between two points.</summary>
    public void DrawLine(float x0, float y0, float x1, float y1, uint color, float lineWidth = 2)
    {
        _stroke.Color = new SKColor(color);
        _stroke.StrokeWidth = lineWidth;
        _canvas.DrawLine(x0, y0, x1, y1, _stroke);
    }

    /// <summary>A dot at each (x, y) pair of <paramref name="points"/>.</summary>
    public void DrawPoints(ReadOnlySpan<float> points, uint color, float radius = 1f)
    {
        _fill.Color = new SKColor(color);
        for (int i = 0; i + 1 < points.Length; i += 2)
        {
            _canvas.DrawCircle(points[i], points[i + 1], radius, _fill);
        }
    }

    /// <summary>Text on a dark band, its top-left corner at (<paramref name="left"/>, <paramref name="top"/>), kept inside the picture.</summary>
    public void DrawLabel(float left, float top, string text, uint color)
    {
        ArgumentNullException.ThrowIfNull(text);
        SKFont font = _font.Font;
        float width = font.MeasureText(text);
        float height = font.Size * 1.3f;
        left = Math.Clamp(left, 0, Math.Max(0, Width - width - 4));
        top = Math.Clamp(top, 0, Math.Max(0, Height - height));
        _fill.Color = new SKColor(0xB0000000);
        _canvas.DrawRect(left, top, width + 4, height, _fill);
        _fill.Color = new SKColor(color);
        _canvas.DrawText(text, left + 2, top + font.Size, SKTextAlign.Left, font, _fill);
    }

    /// <summary>Copies the picture as RGB24 into <paramref name="rgb"/> (width × height × 3 bytes), for an encoder.</summary>
    public void CopyRgb(Span<byte> rgb)
    {
        _canvas.Flush();
        int bytes = Width * Height * 3;
        if (rgb.Length < bytes)
        {
            throw new ArgumentException($"a {Width}x{Height} picture takes {bytes} bytes; the buffer holds {rgb.Length}", nameof(rgb));
        }

        ReadOnlySpan<byte> rgba;
        unsafe
        {
            rgba = new ReadOnlySpan<byte>((void*)_bitmap.GetPixels(), _bitmap.RowBytes * Height);
        }

        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int from = (y * _bitmap.RowBytes) + (4 * x), to = 3 * ((y * Width) + x);
                rgb[to] = rgba[from];
                rgb[to + 1] = rgba[from + 1];
                rgb[to + 2] = rgba[from + 2];
            }
        }
    }

    /// <summary>Writes the picture as PNG.</summary>
    public void SavePng(string path)
    {
        _canvas.Flush();
        using SKData data = _bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {path} as PNG");
        using FileStream file = File.Create(path);
        data.SaveTo(file);
    }

    public void Dispose()
    {
        _stroke.Dispose();
        _fill.Dispose();
        _canvas.Dispose();
        _bitmap.Dispose();
    }
}
