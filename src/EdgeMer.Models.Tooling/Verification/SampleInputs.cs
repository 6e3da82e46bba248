using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>
/// Real inputs for a model, cut from the sample photographs and decoded with ffmpeg: face crops
/// (boxes in sample-media/faces.json) or whole frames, resized to the model's input and normalised
/// as its manifest says; plus seeded random inputs over the same value range.
/// </summary>
public sealed class SampleInputs
{
    private static readonly string[] s_frames = ["portrait-man.jpg", "portrait-woman.jpg", "diner.jpg", "standing.jpg"];

    private readonly ReferenceEnvironment _environment;

    public SampleInputs(ReferenceEnvironment environment)
    {
        _environment = environment;
    }

    /// <summary>Named cases (description, input tensor) for an image model's first input.</summary>
    public IReadOnlyList<KeyValuePair<string, RawTensor>> ForImageModel(ModelDescription model, int randomCases)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelInput input = model.Inputs[0];
        (int height, int width, int channels) = input.ImageSize;
        var cases = new List<KeyValuePair<string, RawTensor>>();
        if (input.Content == InputContent.FaceCrop)
        {
            foreach (KeyValuePair<string, int[]> face in FaceBoxes())
            {
                string crop = string.Create(CultureInfo.InvariantCulture, $"crop={face.Value[2]}:{face.Value[3]}:{face.Value[0]}:{face.Value[1]},");
                cases.Add(new($"face crop of {face.Key}", Decode(input, face.Key, crop, width, height, channels)));
            }
        }
        else
        {
            foreach (string frame in s_frames)
            {
                cases.Add(new($"frame {frame}", Decode(input, frame, string.Empty, width, height, channels)));
            }
        }

        var random = new Random(20_240_501);
        for (int i = 0; i < randomCases; i++)
        {
            cases.Add(new($"random input {i + 1}", Random(input, random, height, width, channels)));
        }

        return cases;
    }

    /// <summary>A 16 kHz mono WAV from the sample media as floats in -1..1.</summary>
    public float[] Audio(string file)
    {
        ReadOnlyMemory<byte> pcm = RunFfmpeg(file, ["-i", Path.Combine(_environment.SampleMedia, file), "-f", "f32le", "-ac", "1", "-ar", "16000", "-"]);
        return MemoryMarshal.Cast<byte, float>(pcm.Span).ToArray();
    }

    private Dictionary<string, int[]> FaceBoxes()
    {
        string path = Path.Combine(_environment.SampleMedia, "faces.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        var boxes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (JsonProperty face in document.RootElement.GetProperty("faces").EnumerateObject())
        {
            var box = new int[4];
            int i = 0;
            foreach (JsonElement value in face.Value.EnumerateArray())
            {
                box[i++] = value.GetInt32();
            }

            boxes[face.Name] = box;
        }

        return boxes;
    }

    private RawTensor Decode(ModelInput input, string photo, string crop, long width, long height, long channels)
    {
        string pixelFormat = channels == 1 ? "gray" : "rgb24";
        ReadOnlySpan<byte> pixels = RunFfmpeg(photo, [
            "-i", Path.Combine(_environment.SampleMedia, photo),
            "-vf", string.Create(CultureInfo.InvariantCulture, $"{crop}scale={width}:{height}:flags=bilinear"),
            "-f", "rawvideo", "-pix_fmt", pixelFormat, "-"]).Span;
        long expected = width * height * channels;
        if (pixels.Length != expected)
        {
            throw new InvalidOperationException($"ffmpeg decoded {pixels.Length} bytes from {photo}, expected {expected}");
        }

        long[] shape = [1, height, width, channels];
        double scale = input.Normalization.Scale;
        double offset = input.Normalization.Offset;
        if (input.ElementType == TensorElementType.Int32)
        {
            int[] ints = new int[pixels.Length];
            for (int i = 0; i < pixels.Length; i++)
            {
                ints[i] = (int)Math.Round((pixels[i] * scale) + offset);
            }

            return RawTensor.FromInt32s(input.Name, shape, ints);
        }

        float[] values = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            values[i] = (float)((pixels[i] * scale) + offset);
        }

        return RawTensor.FromFloats(input.Name, shape, values);
    }

    private static RawTensor Random(ModelInput input, Random random, long height, long width, long channels)
    {
        long[] shape = [1, height, width, channels];
        int count = checked((int)(height * width * channels));
        double scale = input.Normalization.Scale;
        double offset = input.Normalization.Offset;
        if (input.ElementType == TensorElementType.Int32)
        {
            int[] ints = new int[count];
            for (int i = 0; i < count; i++)
            {
                ints[i] = (int)Math.Round((random.Next(256) * scale) + offset);
            }

            return RawTensor.FromInt32s(input.Name, shape, ints);
        }

        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 255 * scale) + offset);
        }

        return RawTensor.FromFloats(input.Name, shape, values);
    }

    /// <summary>Runs ffmpeg quietly on one sample file; its raw output is the decoded samples or pixels.</summary>
    private ReadOnlyMemory<byte> RunFfmpeg(string file, string[] arguments) =>
        ExternalProgram.Run(_environment.Ffmpeg, ["-v", "error", .. arguments], _environment.DecodeTimeout)
            .EnsureSuccess($"ffmpeg decoding {file}")
            .StandardOutputBytes;
}
