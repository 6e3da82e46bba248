using System.Globalization;
using System.Text.Json;
using EdgeMer.Imaging;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Platform;

namespace EdgeMer.Quantization.Running;

/// <summary>
/// Real inputs for calibration and for the fidelity check, made by EdgeMer's own preprocessing
/// (<see cref="ModelInputWriter"/>, driven by the manifest) from the sample media, split so that the
/// fidelity check sees inputs calibration did not:
/// <list type="bullet">
/// <item>face crops (the boxes of sample-media/faces.json, shifted by -8, 0, +8 % of the box and scaled
/// by 0.92, 1, 1.08): calibration gets the unmirrored crops of portrait-man.jpg and portrait-woman.jpg;
/// the held-out set gets every crop of diner.jpg (a face calibration never saw) and the mirrored
/// crops of the two portraits;</item>
/// <item>frames: calibration gets the even frames of faces-640x480.mp4 and diner.jpg and
/// standing.jpg; the held-out set the odd frames, every fourth frame of clip.mp4 and the two portraits;</item>
/// <item>eye crops (for Iris, with <see cref="Eyes"/> set): both eyes of every face crop above, found as the
/// face pipeline finds them (<see cref="EyeRegionFinder"/>), split as the face crops are.</item>
/// </list>
/// </summary>
public sealed class CalibrationInputs
{
    private static readonly float[] s_shifts = [-0.08f, 0f, 0.08f];

    private static readonly float[] s_scales = [0.92f, 1f, 1.08f];

    private static readonly string[] s_calibrationFaces = ["portrait-man.jpg", "portrait-woman.jpg"];

    private readonly string _sampleMedia;

    private readonly string _ffmpeg;

    private readonly string _ffprobe;

    private readonly ModelInputWriter _writer = new();

    public CalibrationInputs(string sampleMedia, string ffmpeg = "ffmpeg", string ffprobe = "ffprobe")
    {
        _sampleMedia = sampleMedia;
        _ffmpeg = ffmpeg;
        _ffprobe = ffprobe;
    }

    /// <summary>Finds the eyes for an eye-landmark model's crops; without it such a model has no inputs.</summary>
    public EyeRegionFinder? Eyes { get; init; }

    /// <summary>The calibration and held-out inputs for <paramref name="model"/>'s image input.</summary>
    public (IReadOnlyList<InputCase> Calibration, IReadOnlyList<InputCase> HeldOut) For(ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Inputs.Count != 1)
        {
            throw new InvalidOperationException($"model '{model.Id}' has {model.Inputs.Count} inputs; calibration inputs are made for models with one image input (face crop or frame)");
        }

        ModelInput input = model.Inputs[0];
        if (model.Task == ModelTask.EyeLandmarks)
        {
            return EyeCrops(model, input);
        }

        return input.Content switch
        {
            InputContent.FaceCrop => FaceCrops(input),
            InputContent.Frame => Frames(input),
            _ => throw new InvalidOperationException($"model '{model.Id}' reads {input.Content}; calibration inputs are made for face crops and frames"),
        };
    }

    private (IReadOnlyList<InputCase>, IReadOnlyList<InputCase>) EyeCrops(ModelDescription model, ModelInput input)
    {
        EyeRegionFinder eyes = Eyes ?? throw new InvalidOperationException($"model '{model.Id}' reads eye crops; they are cut where the face mesh finds the eyes, and no face mesh was given");
        var calibration = new List<InputCase>();
        var heldOut = new List<InputCase>();
        foreach ((string photo, ImageRegion region, string description, bool calibrates) in FaceRegions())
        {
            RgbImage image = ImageFile.Decode(Path.Combine(_sampleMedia, photo));
            if (eyes.Find(image, region) is not { } found)
            {
                continue;
            }

            (calibrates ? calibration : heldOut).Add(Case(input, image, found.Right, "right eye of " + description));
            (calibrates ? calibration : heldOut).Add(Case(input, image, found.Left, "left eye (mirrored) of " + description));
        }

        if (calibration.Count == 0 || heldOut.Count == 0)
        {
            throw new InvalidOperationException($"the face mesh found faces in {calibration.Count} calibration and {heldOut.Count} held-out face crops; eye crops need both");
        }

        return (calibration, heldOut);
    }

    /// <summary>The face crops' regions: each marked face shifted and scaled, plain and mirrored; calibration gets the unmirrored portraits.</summary>
    private IEnumerable<(string Photo, ImageRegion Region, string Description, bool Calibrates)> FaceRegions()
    {
        foreach ((string photo, int[] box) in FaceBoxes())
        {
            bool seenFace = Array.IndexOf(s_calibrationFaces, photo) >= 0;
            foreach (bool mirrored in (bool[])[false, true])
            {
                foreach (float dx in s_shifts)
                {
                    foreach (float dy in s_shifts)
                    {
                        foreach (float scale in s_scales)
                        {
                            var region = new ImageRegion(
                                box[0] + (box[2] * (0.5f + dx)),
                                box[1] + (box[3] * (0.5f + dy)),
                                box[2] * scale,
                                box[3] * scale,
                                mirrored: mirrored);
                            string description = string.Create(CultureInfo.InvariantCulture, $"face crop of {photo} shifted {dx:+0.00;-0.00;0} {dy:+0.00;-0.00;0}, scale {scale:0.00}{(mirrored ? ", mirrored" : "")}");
                            yield return (photo, region, description, seenFace && !mirrored);
                        }
                    }
                }
            }
        }
    }

    private (IReadOnlyList<InputCase>, IReadOnlyList<InputCase>) FaceCrops(ModelInput input)
    {
        var calibration = new List<InputCase>();
        var heldOut = new List<InputCase>();
        var images = new Dictionary<string, RgbImage>(StringComparer.Ordinal);
        foreach ((string photo, ImageRegion region, string description, bool calibrates) in FaceRegions())
        {
            if (!images.TryGetValue(photo, out RgbImage? image))
            {
                image = ImageFile.Decode(Path.Combine(_sampleMedia, photo));
                images[photo] = image;
            }

            (calibrates ? calibration : heldOut).Add(Case(input, image, region, description));
        }

        return (calibration, heldOut);
    }

    private (IReadOnlyList<InputCase>, IReadOnlyList<InputCase>) Frames(ModelInput input)
    {
        var calibration = new List<InputCase>();
        var heldOut = new List<InputCase>();
        List<RgbImage> faces = VideoFrames("faces-640x480.mp4");
        for (int i = 0; i < faces.Count; i++)
        {
            (i % 2 == 0 ? calibration : heldOut).Add(Case(input, faces[i], null, $"frame {i} of faces-640x480.mp4"));
        }

        List<RgbImage> clip = VideoFrames("clip.mp4");
        for (int i = 0; i < clip.Count; i += 4)
        {
            heldOut.Add(Case(input, clip[i], null, $"frame {i} of clip.mp4"));
        }

        foreach (string photo in (string[])["diner.jpg", "standing.jpg"])
        {
            calibration.Add(Case(input, ImageFile.Decode(Path.Combine(_sampleMedia, photo)), null, $"frame {photo}"));
        }

        foreach (string photo in s_calibrationFaces)
        {
            heldOut.Add(Case(input, ImageFile.Decode(Path.Combine(_sampleMedia, photo)), null, $"frame {photo}"));
        }

        return (calibration, heldOut);
    }

    private InputCase Case(ModelInput input, RgbImage image, ImageRegion? region, string description)
    {
        ModelInputFormat format = ModelInputFormat.For(input);
        ImageRegion area = region ?? ImageRegion.Whole(image.Width, image.Height);
        if (format.ElementType == TensorElementType.Int32)
        {
            int[] ints = new int[format.ElementCount];
            _writer.Write(image.View, area, format, ints);
            return new InputCase(description, [RawTensor.FromInt32s(input.Name, format.Shape(), ints)]);
        }

        float[] values = new float[format.ElementCount];
        _writer.Write(image.View, area, format, values);
        return new InputCase(description, [RawTensor.FromFloats(input.Name, format.Shape(), values)]);
    }

    /// <summary>Every frame of a sample video, decoded by ffmpeg to RGB at its own size.</summary>
    private List<RgbImage> VideoFrames(string file)
    {
        string path = Path.Combine(_sampleMedia, file);
        string size = ExternalProgram.Run(_ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path], TimeSpan.FromMinutes(1))
            .EnsureSuccess($"ffprobe reading the size of {file}")
            .StandardOutput.Trim();
        string[] parts = size.Split(',');
        int width = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int height = int.Parse(parts[1], CultureInfo.InvariantCulture);
        ReadOnlyMemory<byte> rgb = ExternalProgram.Run(_ffmpeg, ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], TimeSpan.FromMinutes(1))
            .EnsureSuccess($"ffmpeg decoding {file}")
            .StandardOutputBytes;
        int frameBytes = width * height * 3;
        var frames = new List<RgbImage>(rgb.Length / frameBytes);
        for (int offset = 0; offset + frameBytes <= rgb.Length; offset += frameBytes)
        {
            var image = new RgbImage(width, height);
            rgb.Span.Slice(offset, frameBytes).CopyTo(image.Pixels);
            frames.Add(image);
        }

        return frames;
    }

    private List<(string Photo, int[] Box)> FaceBoxes()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_sampleMedia, "faces.json")));
        var boxes = new List<(string, int[])>();
        foreach (JsonProperty face in document.RootElement.GetProperty("faces").EnumerateObject())
        {
            var box = new int[4];
            int i = 0;
            foreach (JsonElement value in face.Value.EnumerateArray())
            {
                box[i++] = value.GetInt32();
            }

            boxes.Add((face.Name, box));
        }

        return boxes;
    }
}
