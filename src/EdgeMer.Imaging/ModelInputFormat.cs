using System.Globalization;
using EdgeMer.Platform;

namespace EdgeMer.Imaging;

/// <summary>
/// What one image input of a model expects, as its manifest says: size, layout, colour channels,
/// element type and normalisation (<c>value = pixel * Scale + Offset</c> on 0..255 pixels).
/// <see cref="ModelInputWriter"/> fills a tensor of this format from any region of an image; the
/// pipelines and the model verification build it with <see cref="FromManifest"/>, so there is one
/// reading of a manifest's input.
/// </summary>
public sealed record ModelInputFormat
{
    /// <summary>
    /// Luma weights for <see cref="ColorOrder.Grayscale"/>: ITU-R BT.601 as MATLAB's rgb2gray rounds
    /// them, the weights the emotion model was fed with (its manifest's normalisation description).
    /// </summary>
    public static readonly (float Red, float Green, float Blue) GrayWeights = (0.2989f, 0.5870f, 0.1140f);

    public ModelInputFormat(int width, int height, ColorOrder colors, TensorLayout layout, float scale, float offset, TensorElementType elementType = TensorElementType.Float)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width > 8192 || height > 8192)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is larger than a model input EdgeMer fills (8192 a side)");
        }

        if (!Enum.IsDefined(colors))
        {
            throw new ArgumentOutOfRangeException(nameof(colors), colors, "not a colour order");
        }

        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "not a tensor layout");
        }

        if (!float.IsFinite(scale) || !float.IsFinite(offset))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"scale {scale} and offset {offset} must be finite numbers");
        }

        if (elementType is not (TensorElementType.Float or TensorElementType.Int32))
        {
            throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "image inputs are float32 or int32");
        }

        Width = width;
        Height = height;
        Colors = colors;
        Layout = layout;
        Scale = scale;
        Offset = offset;
        ElementType = elementType;
    }

    public int Width { get; }

    public int Height { get; }

    public ColorOrder Colors { get; }

    public TensorLayout Layout { get; }

    /// <summary>Multiplies each 0..255 pixel value.</summary>
    public float Scale { get; }

    /// <summary>Added after <see cref="Scale"/>.</summary>
    public float Offset { get; }

    /// <summary><see cref="TensorElementType.Float"/>, or <see cref="TensorElementType.Int32"/> (rounded values).</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Channels per pixel: 1 for grayscale, else 3.</summary>
    public int Channels => Colors == ColorOrder.Grayscale ? 1 : 3;

    /// <summary>Elements of one batch item: width × height × channels.</summary>
    public int ElementCount => Width * Height * Channels;

    /// <summary>The tensor shape for <paramref name="batch"/> items, in this layout.</summary>
    public long[] Shape(int batch = 1) => Layout == TensorLayout.Nhwc
        ? [batch, Height, Width, Channels]
        : [batch, Channels, Height, Width];

    /// <summary>
    /// The format a manifest input describes: <paramref name="layout"/> <c>NHWC</c> or <c>NCHW</c>,
    /// <paramref name="colorOrder"/> <c>rgb</c>, <c>bgr</c> or <c>grayscale</c>, <paramref name="dtype"/>
    /// <c>float32</c> or <c>int32</c>, a rank-4 <paramref name="shape"/> (its batch dimension is not
    /// read, so a symbolic one may be passed as any number) and the normalisation's scale and offset.
    /// </summary>
    /// <exception cref="ArgumentException">A value is missing or not one an image input can have; the message names the field.</exception>
    public static ModelInputFormat FromManifest(string? layout, string? colorOrder, string? dtype, ReadOnlySpan<long> shape, double? scale, double? offset)
    {
        TensorLayout parsedLayout = layout switch
        {
            "NHWC" => TensorLayout.Nhwc,
            "NCHW" => TensorLayout.Nchw,
            _ => throw new ArgumentException($"layout '{layout}' is not an image layout; expected NHWC or NCHW", nameof(layout)),
        };
        ColorOrder colors = colorOrder switch
        {
            "rgb" => ColorOrder.Rgb,
            "bgr" => ColorOrder.Bgr,
            "grayscale" => ColorOrder.Grayscale,
            _ => throw new ArgumentException($"colorOrder '{colorOrder}' is not an image colour order; expected rgb, bgr or grayscale", nameof(colorOrder)),
        };
        TensorElementType elementType = dtype switch
        {
            "float32" => TensorElementType.Float,
            "int32" => TensorElementType.Int32,
            _ => throw new ArgumentException($"dtype '{dtype}' is not an image input type; expected float32 or int32", nameof(dtype)),
        };
        if (shape.Length != 4)
        {
            throw new ArgumentException($"an image input has a rank-4 shape; got rank {shape.Length}", nameof(shape));
        }

        (long height, long width, long channels) = parsedLayout == TensorLayout.Nhwc ? (shape[1], shape[2], shape[3]) : (shape[2], shape[3], shape[1]);
        int expectedChannels = colors == ColorOrder.Grayscale ? 1 : 3;
        if (channels != expectedChannels)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"shape has {channels} channels but colorOrder '{colorOrder}' needs {expectedChannels}"), nameof(shape));
        }

        if (height is < 1 or > 8192 || width is < 1 or > 8192)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"shape gives a {width}x{height} image; each side must be 1 to 8192"), nameof(shape));
        }

        if (scale is not { } s || offset is not { } o)
        {
            throw new ArgumentException("normalization needs both scale and offset", nameof(scale));
        }

        return new ModelInputFormat((int)width, (int)height, colors, parsedLayout, (float)s, (float)o, elementType);
    }
}
