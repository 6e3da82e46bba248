namespace EdgeMer.Imaging;

/// <summary>
/// The affine map from a model input's pixel coordinates (u to the right, v down; pixel i covers
/// [i, i + 1)) to image coordinates, for the region it was cut from: x = A·u + B·v + C,
/// y = D·u + E·v + F. Pipelines map a model's outputs (landmarks, boxes) back into the frame with
/// <see cref="ToImage"/>.
/// </summary>
public readonly record struct RegionMapping(double A, double B, double C, double D, double E, double F)
{
    /// <summary>True when the map only scales and shifts (no turn), so rows and columns map to rows and columns.</summary>
    public bool IsAxisAligned => Math.Abs(B) < 1e-12 && Math.Abs(D) < 1e-12;

    /// <summary>The map for <paramref name="region"/> cut to <paramref name="targetWidth"/> × <paramref name="targetHeight"/>.</summary>
    public static RegionMapping Of(ImageRegion region, int targetWidth, int targetHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHeight);
        double cos = Math.Cos(region.Angle), sin = Math.Sin(region.Angle);
        if (region.Angle == 0f)
        {
            cos = 1;
            sin = 0;
        }

        double sx = region.Width / (double)targetWidth, sy = region.Height / (double)targetHeight;
        double halfW = region.Width / 2.0, halfH = region.Height / 2.0;
        if (region.Mirrored)
        {
            // u runs the other way: the map of u is the unmirrored map of targetWidth - u.
            return new RegionMapping(
                -cos * sx,
                -sin * sy,
                region.CenterX + (cos * halfW) + (sin * halfH),
                -sin * sx,
                cos * sy,
                region.CenterY + (sin * halfW) - (cos * halfH));
        }

        return new RegionMapping(
            cos * sx,
            -sin * sy,
            region.CenterX - (cos * halfW) + (sin * halfH),
            sin * sx,
            cos * sy,
            region.CenterY - (sin * halfW) - (cos * halfH));
    }

    /// <summary>The image point of input point (<paramref name="u"/>, <paramref name="v"/>).</summary>
    public (float X, float Y) ToImage(float u, float v) =>
        ((float)((A * u) + (B * v) + C), (float)((D * u) + (E * v) + F));

    /// <summary>The input point of image point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public (float U, float V) ToInput(float x, float y)
    {
        double det = (A * E) - (B * D);
        double dx = x - C, dy = y - F;
        return ((float)(((E * dx) - (B * dy)) / det), (float)(((A * dy) - (D * dx)) / det));
    }
}
