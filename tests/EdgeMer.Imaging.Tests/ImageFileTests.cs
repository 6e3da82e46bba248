namespace EdgeMer.Imaging.Tests;

public sealed class ImageFileTests
{
    [Fact]
    public void A_sample_photograph_decodes_to_its_size_and_real_pixels()
    {
        string path = Path.Combine(TestImages.SampleMedia, "portrait-man.jpg");

        RgbImage image = ImageFile.Decode(path);

        Assert.Equal((140, 140), (image.Width, image.Height));
        Assert.Equal((140, 140), ImageFile.ReadSize(path));
        // A photograph, not a blank: its pixels spread over much of the range.
        int min = 255, max = 0;
        foreach (byte value in image.Pixels)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        Assert.True(max - min > 150, $"pixel range {min}..{max}");
    }

    [Fact]
    public void A_png_written_reads_back_the_same_pixels()
    {
        RgbImage image = TestImages.Random(new Random(2), 33, 17);
        string path = Path.Combine(Directory.CreateTempSubdirectory("edgemer-imaging-").FullName, "random.png");

        ImageFile.SavePng(image.View, path);
        RgbImage back = ImageFile.Decode(path);

        Assert.Equal(image.Pixels.ToArray(), back.Pixels.ToArray());
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "edgemer-no-such-image.jpg");

        var e = Assert.Throws<FileNotFoundException>(() => ImageFile.Decode(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_no_image_is_an_error_naming_it()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("edgemer-imaging-").FullName, "notes.jpg");
        File.WriteAllText(path, "this is text, not a JPEG");

        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_photograph_is_an_error_naming_it()
    {
        byte[] jpeg = File.ReadAllBytes(Path.Combine(TestImages.SampleMedia, "diner.jpg"));
        string path = Path.Combine(Directory.CreateTempSubdirectory("edgemer-imaging-").FullName, "cut.jpg");
        File.WriteAllBytes(path, jpeg.AsSpan(0, jpeg.Length / 2).ToArray());

        var e = Assert.Throws<InvalidDataException>(() => ImageFile.Decode(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
