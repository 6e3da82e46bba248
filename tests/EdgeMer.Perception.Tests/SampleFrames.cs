using EdgeMer.Imaging;
using EdgeMer.Platform;

namespace EdgeMer.Perception.Tests;

/// <summary>The sample media as the tests read it.</summary>
internal static class SampleFrames
{
    /// <summary>The photographs with one face each, and their hand-marked face boxes (models/sample-media/faces.json).</summary>
    public static readonly string[] Portraits = ["portrait-man.jpg", "portrait-woman.jpg", "diner.jpg"];

    /// <summary>The 640x480 clip of the three photographs (models/sample-media/faces-640x480.mp4).</summary>
    public const string Clip = "faces-640x480.mp4";

    /// <summary>
    /// Frame <paramref name="index"/> of the clip, decoded with ffmpeg; with <paramref name="width"/> and
    /// <paramref name="height"/>, scaled by ffmpeg's <c>scale</c> filter as the capture's smaller-input rung has it scaled.
    /// </summary>
    public static RgbImage ClipFrame(int index, int width = 640, int height = 480)
    {
        string filter = width == 640 && height == 480 ? $"select=eq(n\\,{index})" : $"select=eq(n\\,{index}),scale={width}:{height}";
        ReadOnlyMemory<byte> pixels = ExternalProgram.Run(
                "ffmpeg",
                ["-v", "error", "-i", Path.Combine(FaceModelsFixture.SampleMedia, Clip), "-vf", filter, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                TimeSpan.FromMinutes(1))
            .EnsureSuccess($"ffmpeg decoding frame {index} of {Clip}")
            .StandardOutputBytes;
        var image = new RgbImage(width, height);
        Assert.Equal(image.Pixels.Length, pixels.Length);
        pixels.Span.CopyTo(image.Pixels);
        return image;
    }
}
