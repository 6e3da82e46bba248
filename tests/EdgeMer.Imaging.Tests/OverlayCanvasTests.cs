namespace EdgeMer.Imaging.Tests;

public sealed class OverlayCanvasTests
{
    [Fact]
    public void Boxes_points_and_labels_land_in_the_png_on_a_copy_of_the_frame()
    {
        var image = new RgbImage(120, 80);
        string path = Path.Combine(Directory.CreateTempSubdirectory("edgemer-overlay-").FullName, "overlay.png");
        using OverlayFont font = OverlayFont.Load();

        using (var canvas = new OverlayCanvas(image.View, font))
        {
            canvas.DrawBox(20, 10, 60, 50, 0xFF00FF00, lineWidth: 3);
            canvas.DrawPoints([100f, 70f], 0xFFFF0000, radius: 3);
            canvas.DrawLabel(2, 60, "happy 0.91", 0xFFFFFFFF);
            canvas.SavePng(path);
        }

        RgbImage drawn = ImageFile.Decode(path);
        Assert.Equal((0, 255, 0), Pixel(drawn, 50, 10));
        Assert.Equal((255, 0, 0), Pixel(drawn, 100, 70));
        Assert.Equal((0, 0, 0), Pixel(drawn, 50, 35));
        // The label's text put some light pixels on its band.
        int light = 0;
        for (int y = 60; y < 78; y++)
        {
            for (int x = 2; x < 80; x++)
            {
                light += Pixel(drawn, x, y).R > 128 ? 1 : 0;
            }
        }

        Assert.True(light > 20, $"{light} light pixels in the label");
        Assert.All(image.Pixels.ToArray(), value => Assert.Equal(0, value));
    }

    [Fact]
    public void A_missing_font_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => OverlayFont.Load("/nonexistent/font.ttf"));
        Assert.Contains("/nonexistent/font.ttf", e.Message, StringComparison.Ordinal);
    }

    private static (int R, int G, int B) Pixel(RgbImage image, int x, int y)
    {
        int at = (y * image.Stride) + (x * 3);
        return (image.Pixels[at], image.Pixels[at + 1], image.Pixels[at + 2]);
    }
}
