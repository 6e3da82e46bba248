namespace EdgeMer.Perception.Face;

/// <summary>An upright box in image pixels: left, top, width, height.</summary>
public readonly record struct FaceBox(float Left, float Top, float Width, float Height)
{
    public float Right => Left + Width;

    public float Bottom => Top + Height;

    public float CenterX => Left + (Width / 2);

    public float CenterY => Top + (Height / 2);

    /// <summary>Intersection over union with <paramref name="other"/> (0 when either is empty).</summary>
    public float IntersectionOverUnion(FaceBox other)
    {
        float width = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        float height = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        float intersection = width * height;
        float union = (Width * Height) + (other.Width * other.Height) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    /// <summary>The part of the box inside a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    public FaceBox ClampTo(int width, int height)
    {
        float left = Math.Clamp(Left, 0, width), top = Math.Clamp(Top, 0, height);
        return new FaceBox(left, top, Math.Clamp(Right, 0, width) - left, Math.Clamp(Bottom, 0, height) - top);
    }
}
