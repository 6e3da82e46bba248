using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>
/// Where the face models' inputs are sampled: where Human samples them, so the models see what they
/// saw in the library they were published with. TensorFlow.js's <c>cropAndResize</c> puts the first and
/// last samples of a crop on the box's edges (scaled by (size − 1) / size, as its normalised boxes
/// are), and its <c>resizeBilinear</c> (no half-pixel centres) samples input pixel k at k × in / out.
/// Each is expressed as the region whose half-pixel-centred sampling by <see cref="ModelInputWriter"/>
/// lands on the same points. This matters: on some faces the emotion model's top label changes with
/// a third of a pixel's shift of its input (the tests show Human's own answer changing with scale).
/// </summary>
public static class CropSampling
{
    /// <summary>The region that samples a whole <paramref name="width"/> × <paramref name="height"/> frame as <c>resizeBilinear</c> to <paramref name="size"/> × <paramref name="size"/> does.</summary>
    public static ImageRegion Resized(int width, int height, int size)
    {
        float stepX = (float)width / size, stepY = (float)height / size;
        return ImageRegion.FromBox(0.5f - (0.5f * stepX), 0.5f - (0.5f * stepY), width, height);
    }

    /// <summary>
    /// The region that samples <paramref name="box"/> of a <paramref name="width"/> × <paramref name="height"/>
    /// frame as <c>cropAndResize</c> to <paramref name="size"/> × <paramref name="size"/> does. A turned box
    /// is sampled with half-pixel centres (Human does not turn crops by default, so there is nothing to match).
    /// </summary>
    public static ImageRegion Cropped(ImageRegion box, int width, int height, int size)
    {
        if (box.Angle != 0 || size < 2)
        {
            return box;
        }

        // Sample k lies at a + k·b (pixel-index units); the equivalent region is size·b wide starting at a + ½ − ½b.
        float stepX = box.Width * (width - 1) / (width * (float)(size - 1));
        float stepY = box.Height * (height - 1) / (height * (float)(size - 1));
        float startX = box.Left * (width - 1) / width, startY = box.Top * (height - 1) / height;
        return ImageRegion.FromBox(startX + 0.5f - (0.5f * stepX), startY + 0.5f - (0.5f * stepY), size * stepX, size * stepY);
    }

    /// <summary>
    /// The region that samples every (<paramref name="cropSize"/> / <paramref name="size"/>)-th sample of a
    /// <paramref name="cropSize"/> crop taken from <paramref name="crop"/>, as <c>resizeBilinear</c> of that
    /// crop to <paramref name="size"/> does (Human's emotion input from its 192 face crop): the same extent,
    /// shifted back by half the extra step.
    /// </summary>
    public static ImageRegion Subsampled(ImageRegion crop, int cropSize, int size)
    {
        float factor = (float)cropSize / size;
        float shiftX = 0.5f * (crop.Width / cropSize) * (factor - 1), shiftY = 0.5f * (crop.Height / cropSize) * (factor - 1);
        float cos = MathF.Cos(crop.Angle), sin = MathF.Sin(crop.Angle);
        return new ImageRegion(
            crop.CenterX - (cos * shiftX) + (sin * shiftY),
            crop.CenterY - (sin * shiftX) - (cos * shiftY),
            crop.Width,
            crop.Height,
            crop.Angle,
            crop.Mirrored);
    }
}
