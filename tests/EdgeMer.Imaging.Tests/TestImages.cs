using EdgeMer.Testing;

namespace EdgeMer.Imaging.Tests;

internal static class TestImages
{
    public static string SampleMedia => Path.Combine(RepoPaths.Root, "models", "sample-media");

    /// <summary>An image of uniformly random pixels.</summary>
    public static RgbImage Random(Random random, int width, int height)
    {
        var image = new RgbImage(width, height);
        random.NextBytes(image.Pixels);
        return image;
    }
}
