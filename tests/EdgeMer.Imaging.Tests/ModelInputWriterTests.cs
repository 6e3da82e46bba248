using EdgeMer.Capture;
using EdgeMer.Platform;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Imaging.Tests;

public sealed class ModelInputWriterTests
{
    public static TheoryData<string> Formats => ["rgb-nhwc", "bgr-nchw", "gray-nhwc", "rgb-nchw"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Upright_regions_match_the_scalar_reference_on_random_images(string name)
    {
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var writer = new ModelInputWriter();
        for (int trial = 0; trial < 40; trial++)
        {
            RgbImage image = TestImages.Random(random, random.Next(1, 90), random.Next(1, 70));
            ModelInputFormat format = Format(name, random.Next(1, 50), random.Next(1, 50), random);
            // Crops inside, reaching past every edge, shrinking and enlarging, and the whole image.
            ImageRegion region = trial == 0
                ? ImageRegion.Whole(image.Width, image.Height)
                : ImageRegion.FromBox(
                    (float)((random.NextDouble() * image.Width * 1.4) - (image.Width * 0.3)),
                    (float)((random.NextDouble() * image.Height * 1.4) - (image.Height * 0.3)),
                    (float)((random.NextDouble() * image.Width * 1.5) + 0.5),
                    (float)((random.NextDouble() * image.Height * 1.5) + 0.5));

            AssertMatchesReference(writer, image.View, region, format);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Turned_regions_match_the_scalar_reference_on_random_images(string name)
    {
        var random = new Random(~name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var writer = new ModelInputWriter();
        for (int trial = 0; trial < 30; trial++)
        {
            RgbImage image = TestImages.Random(random, random.Next(2, 80), random.Next(2, 80));
            ModelInputFormat format = Format(name, random.Next(1, 40), random.Next(1, 40), random);
            var region = new ImageRegion(
                (float)(random.NextDouble() * image.Width),
                (float)(random.NextDouble() * image.Height),
                (float)((random.NextDouble() * image.Width) + 1),
                (float)((random.NextDouble() * image.Height) + 1),
                (float)((random.NextDouble() * 2 * Math.PI) - Math.PI),
                mirrored: trial % 3 == 0);

            AssertMatchesReference(writer, image.View, region, format);
        }
    }

    [Fact]
    public void Gray_frames_feed_colour_and_grey_inputs()
    {
        var random = new Random(5);
        byte[] gray = new byte[37 * 23];
        random.NextBytes(gray);
        var image = new ImageView(gray, 37, 23, 37, PixelFormat.Gray8);
        var writer = new ModelInputWriter();
        foreach (string name in (string[])["rgb-nhwc", "gray-nhwc", "bgr-nchw"])
        {
            AssertMatchesReference(writer, image, ImageRegion.FromBox(-3, 2, 30, 25), Format(name, 17, 19, random));
            AssertMatchesReference(writer, image, new ImageRegion(18, 11, 20, 15, 0.4f), Format(name, 17, 19, random));
        }
    }

    [Fact]
    public void Int32_inputs_hold_the_rounded_values()
    {
        var random = new Random(11);
        RgbImage image = TestImages.Random(random, 64, 48);
        var format = new ModelInputFormat(24, 24, ColorOrder.Rgb, TensorLayout.Nhwc, 1f, 0f, TensorElementType.Int32);
        ImageRegion region = ImageRegion.Letterbox(64, 48, 24, 24);
        int[] written = new int[format.ElementCount];

        new ModelInputWriter().Write(image.View, region, format, written);

        double[] expected = ReferenceSampler.Write(image.View, region, format);
        for (int i = 0; i < written.Length; i++)
        {
            Assert.True(Math.Abs(written[i] - expected[i]) <= 0.5 + 1e-3, $"value {i}: {written[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Int32_inputs_round_halves_to_even_as_Math_Round_does()
    {
        // The region is the image at its own size, so each value is a pixel exactly; the offset puts each halfway between two integers.
        RgbImage image = TestImages.Random(new Random(12), 16, 8);
        var format = new ModelInputFormat(16, 8, ColorOrder.Rgb, TensorLayout.Nhwc, 1f, 0.5f, TensorElementType.Int32);
        int[] written = new int[format.ElementCount];

        new ModelInputWriter().Write(image.View, ImageRegion.FromBox(0, 0, 16, 8), format, written);

        int[] expected = [.. image.View.Pixels.ToArray().Select(p => p % 2 == 0 ? p : p + 1)];
        Assert.Equal(expected, written);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void Rounding_to_int32_matches_Math_Round_eight_four_or_one_at_a_time(int lanes)
    {
        // Halves either side of zero, large values, values too large for an int (saturated, one at a time),
        // and random values; 27 of them, so a tail is left after the vectors.
        var random = new Random(lanes);
        float[] values =
        [
            -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 254.5f, 255.5f, -0f, 4194303.5f, 5000000.5f, 2147483520f, -3e9f,
            .. Enumerable.Range(0, 14).Select(_ => (float)((random.NextDouble() * 600) - 300)),
        ];
        int[] written = new int[values.Length];

        ModelInputWriter.RoundToInt(values, written, lanes);

        Assert.Equal(values.Select(v => (int)MathF.Round(v)), written);
    }

    [Fact]
    public void A_letterboxed_frame_keeps_its_aspect_between_black_bars()
    {
        var image = new RgbImage(40, 20);
        image.Pixels.Fill(200);
        var format = new ModelInputFormat(16, 16, ColorOrder.Rgb, TensorLayout.Nhwc, 1 / 127.5f, -1f);
        float[] values = new float[format.ElementCount];

        new ModelInputWriter().Write(image.View, ImageRegion.Letterbox(40, 20, 16, 16), format, values);

        // 40x20 scaled by 0.4 fills rows 4..11 of 16; rows above and below are black (-1 after normalisation).
        for (int y = 0; y < 16; y++)
        {
            float expected = y is >= 4 and < 12 ? (200 / 127.5f) - 1 : -1f;
            Assert.Equal(expected, values[((y * 16) + 8) * 3], 4);
        }
    }

    [Fact]
    public void The_mapping_returned_takes_input_points_back_to_the_image()
    {
        var image = new RgbImage(100, 80);
        var format = new ModelInputFormat(50, 50, ColorOrder.Rgb, TensorLayout.Nhwc, 1, 0);
        var region = new ImageRegion(60, 40, 30, 30, MathF.PI / 2);

        RegionMapping mapping = new ModelInputWriter().Write(image.View, region, format, new float[format.ElementCount]);

        // A quarter turn clockwise: the input's top-left corner is the region's top-right corner.
        (float x, float y) = mapping.ToImage(0, 0);
        Assert.Equal(75, x, 3);
        Assert.Equal(25, y, 3);
        (float u, float v) = mapping.ToInput(60, 40);
        Assert.Equal(25, u, 3);
        Assert.Equal(25, v, 3);
    }

    [Fact]
    public void A_mirrored_region_reads_right_to_left()
    {
        RgbImage image = TestImages.Random(new Random(8), 30, 20);
        var format = new ModelInputFormat(10, 10, ColorOrder.Rgb, TensorLayout.Nhwc, 1, 0);
        float[] plain = new float[format.ElementCount], mirrored = new float[format.ElementCount];
        var writer = new ModelInputWriter();

        writer.Write(image.View, ImageRegion.FromBox(5, 5, 10, 10), format, plain);
        RegionMapping mapping = writer.Write(image.View, new ImageRegion(10, 10, 10, 10, mirrored: true), format, mirrored);

        for (int y = 0; y < 10; y++)
        {
            for (int x = 0; x < 10; x++)
            {
                Assert.Equal(plain[(((y * 10) + 9 - x) * 3) + 1], mirrored[(((y * 10) + x) * 3) + 1]);
            }
        }

        Assert.Equal((15f, 5f), mapping.ToImage(0, 0));
        AssertMatchesReference(writer, image.View, new ImageRegion(12, 9, 14, 11, 0.7f, mirrored: true), format);
    }

    [Fact]
    public void Steady_state_writes_allocate_nothing()
    {
        var random = new Random(3);
        RgbImage frame = TestImages.Random(random, 640, 480);
        // One writer per stage, as the pipeline has: the crop writer never sees a whole row.
        var writer = new ModelInputWriter();
        var whole = new ModelInputWriter();
        var detector = new ModelInputFormat(256, 256, ColorOrder.Rgb, TensorLayout.Nhwc, 1 / 127.5f, -1);
        var mesh = new ModelInputFormat(192, 192, ColorOrder.Rgb, TensorLayout.Nhwc, 1 / 255f, 0);
        var emotion = new ModelInputFormat(64, 64, ColorOrder.Grayscale, TensorLayout.Nhwc, 1 / 127.5f, -1);
        float[] a = new float[detector.ElementCount], b = new float[mesh.ElementCount], c = new float[emotion.ElementCount];
        void Once(float size)
        {
            whole.Write(frame.View, ImageRegion.Whole(640, 480), detector, a);
            writer.Write(frame.View, ImageRegion.FromBox(300, 100, size, size), mesh, b);
            writer.Write(frame.View, new ImageRegion(390, 190, size, size, 0.3f), mesh, b);
            writer.Write(frame.View, ImageRegion.FromBox(300, 100, size, size), emotion, c);
        }

        Once(60);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            // A face that comes closer: its crop spans more of each row than any before.
            Once(60 + (20 * i));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_destination_of_the_wrong_size_is_refused_with_the_sizes()
    {
        var format = new ModelInputFormat(8, 8, ColorOrder.Grayscale, TensorLayout.Nhwc, 1, 0);
        var image = new RgbImage(4, 4);

        var e = Assert.Throws<ArgumentException>(() => new ModelInputWriter().Write(image.View, ImageRegion.Whole(4, 4), format, new float[63]));
        Assert.Contains("takes 64 values; the destination holds 63", e.Message, StringComparison.Ordinal);
    }

    private static ModelInputFormat Format(string name, int width, int height, Random random)
    {
        float scale = (float)((random.NextDouble() * 0.02) + 0.001);
        float offset = (float)((random.NextDouble() * 2) - 1);
        return name switch
        {
            "rgb-nhwc" => new ModelInputFormat(width, height, ColorOrder.Rgb, TensorLayout.Nhwc, scale, offset),
            "rgb-nchw" => new ModelInputFormat(width, height, ColorOrder.Rgb, TensorLayout.Nchw, scale, offset),
            "bgr-nchw" => new ModelInputFormat(width, height, ColorOrder.Bgr, TensorLayout.Nchw, scale, offset),
            _ => new ModelInputFormat(width, height, ColorOrder.Grayscale, TensorLayout.Nhwc, scale, offset),
        };
    }

    private static void AssertMatchesReference(ModelInputWriter writer, ImageView image, ImageRegion region, ModelInputFormat format)
    {
        float[] written = new float[format.ElementCount];
        writer.Write(image, region, format, written);
        double[] expected = ReferenceSampler.Write(image, region, format);
        // Float32 arithmetic on 0..255 values: a few units in the last place of 255 × scale.
        double tolerance = (255 * format.Scale * 2e-5) + 1e-6;
        for (int i = 0; i < written.Length; i++)
        {
            if (Math.Abs(written[i] - expected[i]) > tolerance)
            {
                Assert.Fail($"{format.Colors} {format.Layout} {format.Width}x{format.Height} from {image.Width}x{image.Height}, region {region}: value {i} is {written[i]}, the reference {expected[i]}");
            }
        }
    }
}
