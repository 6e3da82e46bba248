using System.Globalization;
using EdgeMer.Models.Catalog;
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

        if (colors is not (ColorOrder.Rgb or ColorOrder.Bgr or ColorOrder.Grayscale))
        {
            throw new ArgumentOutOfRangeException(nameof(colors), colors, "not an image colour order (rgb, bgr or grayscale)");
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
    /// The format a model's image input describes (its manifest, read into <see cref="ModelInput"/>):
    /// the one reading of layout, colour order, element type, size and normalisation that the
    /// pipelines and the model verification share.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not an image input (its layout is neither NHWC nor NCHW, or it has no colours); the message names the input.</exception>
    public static ModelInputFormat For(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TensorLayout layout = input.Layout switch
        {
            InputLayout.Nhwc => TensorLayout.Nhwc,
            InputLayout.Nchw => TensorLayout.Nchw,
            _ => throw new ArgumentException($"input '{input.Name}' has layout {input.Layout}; an image input is NHWC or NCHW", nameof(input)),
        };
        (int height, int width, int channels) = input.ImageSize;
        int expectedChannels = input.ColorOrder == ColorOrder.Grayscale ? 1 : 3;
        if (input.ColorOrder == ColorOrder.None || channels != expectedChannels)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"input '{input.Name}' has {channels} channels and colour order {input.ColorOrder}; an image input is rgb or bgr with 3 channels or grayscale with 1"), nameof(input));
        }

        return new ModelInputFormat(width, height, input.ColorOrder, layout, (float)input.Normalization.Scale, (float)input.Normalization.Offset, input.ElementType);
    }
}
