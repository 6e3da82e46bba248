using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeMer.Imaging;
using EdgeMer.Platform;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>
/// Real inputs for a model, cut from the sample photographs by the perception pipelines' own
/// preprocessing (<see cref="ModelInputWriter"/>): face crops (boxes in sample-media/faces.json) or
/// whole frames, resized to the model's input and normalised as its manifest says; plus seeded random
/// inputs over the same value range. Speech and silence are decoded with ffmpeg.
/// </summary>
public sealed class SampleInputs
{
    private static readonly string[] s_frames = ["portrait-man.jpg", "portrait-woman.jpg", "diner.jpg", "standing.jpg"];

    private readonly ReferenceEnvironment _environment;

    private readonly ModelInputWriter _writer = new();

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
                ImageRegion crop = ImageRegion.FromBox(face.Value[0], face.Value[1], face.Value[2], face.Value[3]);
                cases.Add(new($"face crop of {face.Key}", Decode(input, face.Key, crop)));
            }
        }
        else
        {
            foreach (string frame in s_frames)
            {
                cases.Add(new($"frame {frame}", Decode(input, frame, region: null)));
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

    /// <summary>
    /// A photograph (or the <paramref name="region"/> of it) made into the model's input by the same
    /// preprocessing the perception pipelines use (<see cref="ModelInputWriter"/>), as the manifest says.
    /// </summary>
    private RawTensor Decode(ModelInput input, string photo, ImageRegion? region)
    {
        RgbImage image = ImageFile.Decode(Path.Combine(_environment.SampleMedia, photo));
        ModelInputFormat format = ModelInputFormat.For(input);
        ImageRegion area = region ?? ImageRegion.Whole(image.Width, image.Height);
        if (format.ElementType == TensorElementType.Int32)
        {
            int[] ints = new int[format.ElementCount];
            _writer.Write(image.View, area, format, ints);
            return RawTensor.FromInt32s(input.Name, format.Shape(), ints);
        }

        float[] values = new float[format.ElementCount];
        _writer.Write(image.View, area, format, values);
        return RawTensor.FromFloats(input.Name, format.Shape(), values);
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
