namespace EdgeMer.Capture;

/// <summary>How a frame's pixels are laid out in its buffer: rows top to bottom, no padding beyond <see cref="Frame.Stride"/>.</summary>
public enum PixelFormat
{
    /// <summary>Three bytes per pixel, red, green, blue (what ffmpeg's <c>rgb24</c> and GStreamer's <c>RGB</c> write).</summary>
    Rgb24,

    /// <summary>One byte per pixel, luminance.</summary>
    Gray8,
}
