namespace EdgeMer.Imaging;

/// <summary>
/// A rectangle of an image, possibly turned, in image pixels: what a model input is cut from. The
/// rectangle is centred on (<see cref="CenterX"/>, <see cref="CenterY"/>), and its own x axis is the
/// image's turned by <see cref="Angle"/> radians (positive turns clockwise on screen, as image y
/// points down). A <see cref="Mirrored"/> region is read right to left (the iris model takes one eye
/// mirrored to look like the other). A region may reach past the image: what lies outside reads as black.
/// </summary>
public readonly record struct ImageRegion
{
    public ImageRegion(float centerX, float centerY, float width, float height, float angle = 0f, bool mirrored = false)
    {
        if (!float.IsFinite(centerX) || !float.IsFinite(centerY) || !float.IsFinite(angle))
        {
            throw new ArgumentOutOfRangeException(nameof(centerX), $"region centre ({centerX}, {centerY}) and angle {angle} must be finite");
        }

        if (!(width > 0) || !(height > 0) || !float.IsFinite(width) || !float.IsFinite(height))
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"region size {width}x{height} must be positive and finite");
        }

        CenterX = centerX;
        CenterY = centerY;
        Width = width;
        Height = height;
        Angle = angle;
        Mirrored = mirrored;
    }

    public float CenterX { get; }

    public float CenterY { get; }

    public float Width { get; }

    public float Height { get; }

    /// <summary>Radians the region is turned by, clockwise on screen.</summary>
    public float Angle { get; }

    /// <summary>The region is read right to left: its first input column is its right edge.</summary>
    public bool Mirrored { get; }

    /// <summary>The left edge of an unturned region.</summary>
    public float Left => CenterX - (Width / 2);

    /// <summary>The top edge of an unturned region.</summary>
    public float Top => CenterY - (Height / 2);

    /// <summary>An upright box from its top-left corner and size.</summary>
    public static ImageRegion FromBox(float left, float top, float width, float height) =>
        new(left + (width / 2), top + (height / 2), width, height);

    /// <summary>The whole image, stretched to whatever size the model takes.</summary>
    public static ImageRegion Whole(int imageWidth, int imageHeight) => FromBox(0, 0, imageWidth, imageHeight);

    /// <summary>
    /// The whole image letterboxed into a <paramref name="targetWidth"/> × <paramref name="targetHeight"/>
    /// input: scaled to fit without changing its aspect, centred, the bars black.
    /// </summary>
    public static ImageRegion Letterbox(int imageWidth, int imageHeight, int targetWidth, int targetHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHeight);
        float scale = MathF.Min((float)targetWidth / imageWidth, (float)targetHeight / imageHeight);
        return new ImageRegion(imageWidth / 2f, imageHeight / 2f, targetWidth / scale, targetHeight / scale);
    }

    /// <summary>Where <paramref name="targetWidth"/> × <paramref name="targetHeight"/> input pixels lie in the image.</summary>
    public RegionMapping MapTo(int targetWidth, int targetHeight) => RegionMapping.Of(this, targetWidth, targetHeight);
}
