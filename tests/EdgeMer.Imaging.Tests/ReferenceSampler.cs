using EdgeMer.Capture;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Imaging.Tests;

/// <summary>
/// The preprocessing written the plain way, one output value at a time in double precision, as the
/// specification <see cref="ModelInputWriter"/> is checked against: map the input pixel's centre to
/// the image, read the four nearest pixels (edge pixels repeat; beyond half a pixel past the border
/// reads black), blend, grey, normalise, place by layout.
/// </summary>
internal static class ReferenceSampler
{
    public static double[] Write(ImageView image, ImageRegion region, ModelInputFormat format)
    {
        double cos = Math.Cos(region.Angle), sin = Math.Sin(region.Angle);
        var values = new double[format.ElementCount];
        int channels = format.Channels;
        for (int y = 0; y < format.Height; y++)
        {
            for (int x = 0; x < format.Width; x++)
            {
                // Offset of the input pixel's centre from the region's centre, in the region's own axes.
                double along = (((x + 0.5) / format.Width) - 0.5) * region.Width * (region.Mirrored ? -1 : 1);
                double down = (((y + 0.5) / format.Height) - 0.5) * region.Height;
                double imageX = region.CenterX + (cos * along) - (sin * down);
                double imageY = region.CenterY + (sin * along) + (cos * down);
                double[] rgb = Sample(image, imageX - 0.5, imageY - 0.5);
                for (int c = 0; c < channels; c++)
                {
                    double pixel = format.Colors switch
                    {
                        ColorOrder.Rgb => rgb[c],
                        ColorOrder.Bgr => rgb[2 - c],
                        _ when image.Format == PixelFormat.Gray8 => rgb[0],
                        _ => (rgb[0] * 0.2989) + (rgb[1] * 0.5870) + (rgb[2] * 0.1140),
                    };
                    int at = format.Layout == TensorLayout.Nhwc
                        ? (((y * format.Width) + x) * channels) + c
                        : (c * format.Width * format.Height) + (y * format.Width) + x;
                    values[at] = (pixel * format.Scale) + format.Offset;
                }
            }
        }

        return values;
    }

    private static double[] Sample(ImageView image, double sx, double sy)
    {
        if (sx < -0.5 || sx > image.Width - 0.5 || sy < -0.5 || sy > image.Height - 0.5)
        {
            return [0, 0, 0];
        }

        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
        double fx = sx - x0, fy = sy - y0;
        double[] result = new double[3];
        for (int c = 0; c < 3; c++)
        {
            double top = (Pixel(image, x0, y0, c) * (1 - fx)) + (Pixel(image, x0 + 1, y0, c) * fx);
            double bottom = (Pixel(image, x0, y0 + 1, c) * (1 - fx)) + (Pixel(image, x0 + 1, y0 + 1, c) * fx);
            result[c] = (top * (1 - fy)) + (bottom * fy);
        }

        return result;
    }

    private static byte Pixel(ImageView image, int x, int y, int channel)
    {
        x = Math.Clamp(x, 0, image.Width - 1);
        y = Math.Clamp(y, 0, image.Height - 1);
        int offset = (y * image.Stride) + (x * image.Channels);
        return image.Format == PixelFormat.Gray8 ? image.Pixels[offset] : image.Pixels[offset + channel];
    }
}
