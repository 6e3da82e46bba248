using EdgeMer.Models.Catalog;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Imaging.Tests;

public sealed class ModelInputFormatTests
{
    [Fact]
    public void A_manifest_input_becomes_its_format()
    {
        ModelInput emotion = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models")).Find("emotion").Inputs[0];

        ModelInputFormat format = ModelInputFormat.For(emotion);

        Assert.Equal(64, format.Width);
        Assert.Equal(64, format.Height);
        Assert.Equal(ColorOrder.Grayscale, format.Colors);
        Assert.Equal(1, format.Channels);
        Assert.Equal(TensorLayout.Nhwc, format.Layout);
        Assert.Equal(2 / 255f, format.Scale, 6);
        Assert.Equal(-1f, format.Offset);
        Assert.Equal([1L, 64, 64, 1], format.Shape());
    }

    [Fact]
    public void An_nchw_int32_input_reads_its_size_from_the_last_two_dimensions()
    {
        ModelInputFormat format = ModelInputFormat.For(Input(InputLayout.Nchw, ColorOrder.Bgr, TensorElementType.Int32, [1, 3, 120, 160]));

        Assert.Equal(160, format.Width);
        Assert.Equal(120, format.Height);
        Assert.Equal(TensorElementType.Int32, format.ElementType);
        Assert.Equal([2L, 3, 120, 160], format.Shape(2));
    }

    [Theory]
    [InlineData(InputLayout.Nt, ColorOrder.Rgb, 3, "has layout Nt; an image input is NHWC or NCHW")]
    [InlineData(InputLayout.Nhwc, ColorOrder.None, 3, "colour order None")]
    [InlineData(InputLayout.Nhwc, ColorOrder.Grayscale, 3, "has 3 channels and colour order Grayscale")]
    public void An_input_that_is_no_image_input_is_refused_naming_it(InputLayout layout, ColorOrder colors, long channels, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelInputFormat.For(Input(layout, colors, TensorElementType.Float, [1, 8, 8, channels])));

        Assert.Contains("input 'image'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static ModelInput Input(InputLayout layout, ColorOrder colors, TensorElementType type, long[] shape) => new()
    {
        Name = "image",
        Shape = [.. shape.Select(ModelDimension.Fixed)],
        Layout = layout,
        ElementType = type,
        ColorOrder = colors,
        Content = InputContent.Frame,
        Normalization = new InputNormalization(1, 0, "as the pixels are"),
    };
}
