using EdgeMer.Platform;
using SkiaSharp;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Imaging;

/// <summary>
/// The same job as <see cref="ModelInputWriter"/> done with SkiaSharp: the frame copied into an RGBA
/// bitmap (Skia has no 24-bit colour type), drawn through the region's transform with bilinear
/// sampling onto a model-sized bitmap, then normalised into the tensor. It exists so the benchmark
/// shows what EdgeMer's own code is measured against; pipelines use <see cref="ModelInputWriter"/>.
/// Pixels near the region's edge differ slightly (Skia leaves what lies outside the drawn image
/// black without repeating the edge pixel).
/// </summary>
public sealed class SkiaModelInputWriter : IDisposable
{
    private static readonly SKSamplingOptions s_bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);

    private SKBitmap? _source;
    private SKBitmap? _target;
    private SKCanvas? _canvas;

    /// <summary>Writes <paramref name="region"/> of <paramref name="image"/> into <paramref name="destination"/> as <paramref name="format"/> (float32) says.</summary>
    public void Write(ImageView image, ImageRegion region, ModelInputFormat format, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.ElementType != TensorElementType.Float || destination.Length != format.ElementCount)
        {
            throw new ArgumentException($"a float32 destination of {format.ElementCount} values is needed", nameof(destination));
        }

        if (_source is null || _source.Width != image.Width || _source.Height != image.Height)
        {
            _source?.Dispose();
            _source = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        }

        if (_target is null || _target.Width != format.Width || _target.Height != format.Height)
        {
            _canvas?.Dispose();
            _target?.Dispose();
            _target = new SKBitmap(new SKImageInfo(format.Width, format.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            _canvas = new SKCanvas(_target);
        }

        Span<byte> sourcePixels;
        unsafe
        {
            sourcePixels = new Span<byte>((void*)_source.GetPixels(), _source.RowBytes * image.Height);
        }

        ImageFile.RgbToRgba(image, sourcePixels, _source.RowBytes);
        _source.NotifyPixelsChanged();

        // The canvas maps image points to input points: the inverse of the region's mapping.
        RegionMapping m = region.MapTo(format.Width, format.Height);
        double det = (m.A * m.E) - (m.B * m.D);
        var toInput = new SKMatrix(
            (float)(m.E / det), (float)(-m.B / det), (float)(((m.B * m.F) - (m.E * m.C)) / det),
            (float)(-m.D / det), (float)(m.A / det), (float)(((m.D * m.C) - (m.A * m.F)) / det),
            0, 0, 1);
        SKCanvas canvas = _canvas!;
        canvas.ResetMatrix();
        canvas.Clear(SKColors.Black);
        canvas.SetMatrix(in toInput);
        canvas.DrawBitmap(_source, 0, 0, s_bilinear, null);
        canvas.Flush();

        ReadOnlySpan<byte> target;
        unsafe
        {
            target = new ReadOnlySpan<byte>((void*)_target!.GetPixels(), _target.RowBytes * format.Height);
        }

        int plane = format.Width * format.Height;
        (float gr, float gg, float gb) = ModelInputFormat.GrayWeights;
        for (int y = 0; y < format.Height; y++)
        {
            ReadOnlySpan<byte> row = target.Slice(y * _target.RowBytes, format.Width * 4);
            for (int x = 0; x < format.Width; x++)
            {
                float r = row[4 * x], g = row[(4 * x) + 1], b = row[(4 * x) + 2];
                int pixel = (y * format.Width) + x;
                switch (format.Colors)
                {
                    case ColorOrder.Grayscale:
                        destination[pixel] = (((r * gr) + (g * gg) + (b * gb)) * format.Scale) + format.Offset;
                        break;
                    default:
                        float first = format.Colors == ColorOrder.Rgb ? r : b, last = format.Colors == ColorOrder.Rgb ? b : r;
                        if (format.Layout == TensorLayout.Nhwc)
                        {
                            destination[3 * pixel] = (first * format.Scale) + format.Offset;
                            destination[(3 * pixel) + 1] = (g * format.Scale) + format.Offset;
                            destination[(3 * pixel) + 2] = (last * format.Scale) + format.Offset;
                        }
                        else
                        {
                            destination[pixel] = (first * format.Scale) + format.Offset;
                            destination[plane + pixel] = (g * format.Scale) + format.Offset;
                            destination[(2 * plane) + pixel] = (last * format.Scale) + format.Offset;
                        }

                        break;
                }
            }
        }
    }

    public void Dispose()
    {
        _canvas?.Dispose();
        _target?.Dispose();
        _source?.Dispose();
    }
}
