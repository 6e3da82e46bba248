using EdgeMer.Models.Catalog;

namespace EdgeMer.Imaging.Tests;

public sealed class SkiaModelInputWriterTests
{
    [Fact]
    public void SkiaSharp_does_the_same_job_as_the_benchmark_compares()
    {
        // The benchmark's comparison is fair only if SkiaSharp computes the same input: away from the
        // region's edges the two agree to within a grey level.
        RgbImage photo = ImageFile.Decode(Path.Combine(TestImages.SampleMedia, "diner.jpg"));
        var format = new ModelInputFormat(64, 64, ColorOrder.Rgb, TensorLayout.Nhwc, 1, 0);
        float[] ours = new float[format.ElementCount], skia = new float[format.ElementCount];
        foreach (ImageRegion region in (ImageRegion[])[ImageRegion.FromBox(95, 0, 60, 70), new ImageRegion(125, 35, 50, 60, 0.35f)])
        {
            new ModelInputWriter().Write(photo.View, region, format, ours);
            using var writer = new SkiaModelInputWriter();
            writer.Write(photo.View, region, format, skia);

            double total = 0;
            int count = 0;
            for (int y = 4; y < 60; y++)
            {
                for (int x = 4; x < 60; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        int at = (((y * 64) + x) * 3) + c;
                        total += Math.Abs(ours[at] - skia[at]);
                        count++;
                    }
                }
            }

            Assert.True(total / count < 1.0, $"mean difference {total / count} grey levels for {region}");
        }
    }
}
