using EdgeMer.Platform;

namespace EdgeMer.Imaging.Tests;

public sealed class ModelInputFormatTests
{
    [Fact]
    public void A_manifest_input_becomes_its_format()
    {
        // The emotion model's input as models/emotion.json gives it (a symbolic batch passed as -1).
        ModelInputFormat format = ModelInputFormat.FromManifest("NHWC", "grayscale", "float32", [-1, 64, 64, 1], 0.00784313725490196, -1);

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
        ModelInputFormat format = ModelInputFormat.FromManifest("NCHW", "bgr", "int32", [1, 3, 120, 160], 1, 0);

        Assert.Equal(160, format.Width);
        Assert.Equal(120, format.Height);
        Assert.Equal(TensorElementType.Int32, format.ElementType);
        Assert.Equal([2L, 3, 120, 160], format.Shape(2));
    }

    [Theory]
    [InlineData("NT", "rgb", "float32", 3, "layout 'NT'")]
    [InlineData("NHWC", "none", "float32", 3, "colorOrder 'none'")]
    [InlineData("NHWC", "rgb", "int64", 3, "dtype 'int64'")]
    [InlineData("NHWC", "grayscale", "float32", 3, "3 channels but colorOrder 'grayscale' needs 1")]
    public void A_manifest_input_that_is_no_image_input_is_refused_naming_the_field(string layout, string colors, string dtype, long channels, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelInputFormat.FromManifest(layout, colors, dtype, [1, 8, 8, channels], 1, 0));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
