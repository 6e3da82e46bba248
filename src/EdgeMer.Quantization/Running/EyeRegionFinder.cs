using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Perception.Face;

namespace EdgeMer.Quantization.Running;

/// <summary>
/// Where the face pipeline would crop the eyes for Iris: FaceMesh (fp32) run on a face region's crop
/// (<see cref="CropSampling.Cropped"/>, as the landmark stage samples it), its landmarks mapped back
/// to the image, and the eye regions made from them by the landmark stage's own
/// <see cref="FaceLandmarker.EyeRegion"/>: the right eye as it is, the left mirrored.
/// </summary>
public sealed class EyeRegionFinder : IDisposable
{
    private readonly ModelInput _input;
    private readonly InferenceSession _session;
    private readonly ModelInputWriter _writer = new();
    private readonly float _minScore = new FacePipelineOptions().MinMeshScore;

    private EyeRegionFinder(ModelInput input, InferenceSession session)
    {
        _input = input;
        _session = session;
    }

    /// <summary>Opens the face mesh <paramref name="faceMesh"/> describes from <paramref name="fp32Path"/>.</summary>
    public static EyeRegionFinder Load(InferenceEnvironment environment, ModelDescription faceMesh, string fp32Path)
    {
        ArgumentNullException.ThrowIfNull(faceMesh);
        if (faceMesh.Task != ModelTask.FaceLandmarks || faceMesh.Inputs.Count != 1)
        {
            throw new InvalidOperationException($"model '{faceMesh.Id}' is not a face mesh with one face-crop input; eye regions come from face mesh landmarks");
        }

        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        return new EyeRegionFinder(faceMesh.Inputs[0], InferenceSession.Load(environment, File.ReadAllBytes(fp32Path), faceMesh.Id + " fp32 (eye regions)", options));
    }

    /// <summary>The right and (mirrored) left eye regions of the face in <paramref name="face"/>, or null where the mesh finds no face (score below the pipeline's minimum).</summary>
    public (ImageRegion Right, ImageRegion Left)? Find(RgbImage image, ImageRegion face)
    {
        ArgumentNullException.ThrowIfNull(image);
        ModelInputFormat format = ModelInputFormat.For(_input);
        ImageRegion crop = CropSampling.Cropped(face, image.Width, image.Height, format.Width);
        float[] values = new float[format.ElementCount];
        RegionMapping mapping = _writer.Write(image.View, crop, format, values);
        var input = new InputCase("face crop", [RawTensor.FromFloats(_input.Name, format.Shape(), values)]);
        float[][] outputs = SessionRuns.RunFloats(_session, input, ["landmarks", "face_flag"]);
        if (outputs[1][0] < _minScore)
        {
            return null;
        }

        float[] raw = outputs[0];
        var points = new float[raw.Length];
        for (int i = 0; i + 2 < raw.Length; i += 3)
        {
            (float x, float y) = mapping.ToImage(raw[i], raw[i + 1]);
            points[i] = x;
            points[i + 1] = y;
        }

        return (FaceLandmarker.EyeRegion(points, 33, 133, face.Angle, mirrored: false), FaceLandmarker.EyeRegion(points, 263, 362, face.Angle, mirrored: true));
    }

    public void Dispose() => _session.Dispose();
}
