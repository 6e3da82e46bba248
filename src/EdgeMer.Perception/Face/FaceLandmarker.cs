using EdgeMer.Imaging;
using EdgeMer.Inference;

namespace EdgeMer.Perception.Face;

/// <summary>
/// Stage <c>face.landmarks</c>: FaceMesh on each face region (468 landmarks and a face flag), then
/// Iris on both eyes (one run, batch of two), whose contours replace the mesh's around the eyes as
/// Human does, and whose iris centres become landmarks 468–477. Every point comes back in image pixels
/// through the region's mapping, so turned (aligned) crops need nothing more.
/// </summary>
public sealed class FaceLandmarker : IPerceptionStage<FaceFrame, FaceLandmarks>, IDisposable
{
    /// <summary>Iris keypoints per eye: 71 contour and brow points, then 5 iris points.</summary>
    private const int IrisPoints = 76;

    /// <summary>How much larger than the eye's width the square eye crop is (Human: 2.3).</summary>
    private const float EyeScale = 2.3f;

    /// <summary>
    /// Above this left-right depth difference (in the mesh input's pixels) the head is turned so far
    /// that only the nearer eye's lids are refined (Human: 30).
    /// </summary>
    private const float TurnedDepth = 30f;

    private readonly FaceModel _mesh;
    private readonly FaceModel _iris;
    private readonly FacePipelineOptions _options;
    private readonly ModelInputWriter _writer = new();
    private readonly PinnedTensor<float> _meshInput, _meshPoints, _meshFlag, _meshContours;
    private readonly PinnedTensor<float> _irisInput, _irisOutput;
    private readonly InferenceBinding _meshBinding, _irisBinding;
    private readonly float[] _eyePoints = new float[2 * IrisPoints * 3];
    private StageClock _clock;

    public FaceLandmarker(FaceModel mesh, FaceModel iris, FacePipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(iris);
        ArgumentNullException.ThrowIfNull(options);
        _mesh = mesh;
        _iris = iris;
        _options = options;
        _meshInput = PinnedTensor.Allocate<float>(mesh.Input.Shape());
        _meshPoints = PinnedTensor.Allocate<float>(1, FaceMeshIndices.MeshCount * 3);
        _meshFlag = PinnedTensor.Allocate<float>(1, 1);
        _meshContours = PinnedTensor.Allocate<float>(1, 266);
        _meshBinding = mesh.Session.CreateBinding();
        _meshBinding.BindInput(mesh.InputName, _meshInput);
        _meshBinding.BindOutput(mesh.Output("landmarks"), _meshPoints);
        _meshBinding.BindOutput(mesh.Output("face_flag"), _meshFlag);
        // Bound so ONNX Runtime writes it into memory allocated once rather than a fresh buffer per run.
        _meshBinding.BindOutput(mesh.Output("contours"), _meshContours);
        _irisInput = PinnedTensor.Allocate<float>(iris.Input.Shape(2));
        _irisOutput = PinnedTensor.Allocate<float>(2, 1, 1, IrisPoints * 3);
        _irisBinding = iris.Session.CreateBinding();
        _irisBinding.BindInput(iris.InputName, _irisInput);
        _irisBinding.BindOutput(iris.Output("eye_landmarks"), _irisOutput);
    }

    public string Name => "face.landmarks";

    public StagePhases LastRun => _clock.Phases;

    public FaceLandmarks CreateOutput() => new(_options.MaxFaces);

    public void Run(scoped in FaceFrame input, FaceLandmarks output)
    {
        ArgumentNullException.ThrowIfNull(output);
        FaceRegions regions = input.Regions ?? throw new ArgumentException("the landmark stage needs the face regions to crop", nameof(input));
        _clock.Start();
        output.Count = Math.Min(regions.Count, output.Capacity);
        ReadFaces(in input, regions, output, 0, 1);
    }

    /// <summary>
    /// Reads every <paramref name="shares"/>-th face of <paramref name="input"/>'s regions from face
    /// <paramref name="share"/> on into <paramref name="output"/>, whose <see cref="FaceLandmarks.Count"/>
    /// the caller has set: two landmarkers on two threads, each with its own share, fill one output
    /// between them (each face's slot is written by one of them only).
    /// </summary>
    public void RunShare(scoped in FaceFrame input, FaceLandmarks output, int share, int shares)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(share, shares);
        FaceRegions regions = input.Regions ?? throw new ArgumentException("the landmark stage needs the face regions to crop", nameof(input));
        _clock.Start();
        ReadFaces(in input, regions, output, share, shares);
    }

    private void ReadFaces(scoped in FaceFrame input, FaceRegions regions, FaceLandmarks output, int first, int step)
    {
        int count = Math.Min(Math.Min(regions.Count, output.Capacity), output.Count);
        for (int face = first; face < count; face += step)
        {
            ImageRegion region = regions.Regions[face];
            ImageRegion crop = CropSampling.Cropped(region, input.Image.Width, input.Image.Height, _mesh.Input.Width);
            RegionMapping mapping = _writer.Write(input.Image, crop, _mesh.Input, _meshInput.Span);
            _clock.Preprocessed();
            _meshBinding.Run();
            _clock.RanModel();
            float score = _meshFlag.Span[0];
            bool valid = score >= _options.MinMeshScore;
            output.Set(face, regions.TrackIds[face], score, valid, region);
            if (!valid)
            {
                _clock.Postprocessed();
                continue;
            }

            Span<float> points = output.WritablePoints(face);
            float depthScale = crop.Width / _mesh.Input.Width;
            ReadOnlySpan<float> raw = _meshPoints.Span;
            for (int i = 0; i < FaceMeshIndices.MeshCount; i++)
            {
                (float x, float y) = mapping.ToImage(raw[3 * i], raw[(3 * i) + 1]);
                points[3 * i] = x;
                points[(3 * i) + 1] = y;
                points[(3 * i) + 2] = raw[(3 * i) + 2] * depthScale;
            }

            _clock.Postprocessed();
        }

        // Iris once every face's mesh has run: each model's runs back to back find its weights still in
        // the caches (interleaved, each run evicted the other model's and they ran 5-10 % slower).
        for (int face = first; face < count; face += step)
        {
            if (!output.IsValid(face))
            {
                continue;
            }

            // The right eye as it is, the left eye mirrored to look like a right one.
            Span<float> points = output.WritablePoints(face);
            ImageRegion region = regions.Regions[face];
            float angle = region.Angle;
            float depthScale = CropSampling.Cropped(region, input.Image.Width, input.Image.Height, _mesh.Input.Width).Width / _mesh.Input.Width;
            ImageRegion rightEye = EyeRegion(points, 33, 133, angle, mirrored: false);
            ImageRegion leftEye = EyeRegion(points, 263, 362, angle, mirrored: true);
            int perEye = _iris.Input.ElementCount;
            RegionMapping rightMapping = _writer.Write(input.Image, rightEye, _iris.Input, _irisInput.Span.Slice(0, perEye));
            RegionMapping leftMapping = _writer.Write(input.Image, leftEye, _iris.Input, _irisInput.Span.Slice(perEye, perEye));
            _clock.Preprocessed();
            _irisBinding.Run();
            _clock.RanModel();
            ReadOnlySpan<float> eyes = _irisOutput.Span;
            MapEye(eyes.Slice(0, IrisPoints * 3), rightMapping, rightEye.Width / _iris.Input.Width, _eyePoints.AsSpan(0, IrisPoints * 3));
            MapEye(eyes.Slice(IrisPoints * 3, IrisPoints * 3), leftMapping, leftEye.Width / _iris.Input.Width, _eyePoints.AsSpan(IrisPoints * 3));
            Refine(points, depthScale);
            _clock.Postprocessed();
        }
    }

    /// <summary>
    /// The square crop around an eye: centred between its corners (mesh landmarks <paramref name="outer"/>
    /// and <paramref name="inner"/> of <paramref name="points"/>, x, y, z in image pixels), <see cref="EyeScale"/>
    /// times its width, turned with the face. The right eye is 33/133; the left, 263/362, mirrored.
    /// </summary>
    public static ImageRegion EyeRegion(ReadOnlySpan<float> points, int outer, int inner, float angle, bool mirrored)
    {
        float x0 = points[3 * outer], y0 = points[(3 * outer) + 1], x1 = points[3 * inner], y1 = points[(3 * inner) + 1];
        float cos = MathF.Cos(angle), sin = MathF.Sin(angle);
        // The corners' extent along the face's own axes; the crop is square on the larger one.
        float along = MathF.Abs(((x1 - x0) * cos) + ((y1 - y0) * sin));
        float across = MathF.Abs((-(x1 - x0) * sin) + ((y1 - y0) * cos));
        float size = Math.Max(1f, EyeScale * Math.Max(along, across));
        return new ImageRegion((x0 + x1) / 2, (y0 + y1) / 2, size, size, angle, mirrored);
    }

    private static void MapEye(ReadOnlySpan<float> raw, RegionMapping mapping, float depthScale, Span<float> target)
    {
        for (int i = 0; i < IrisPoints; i++)
        {
            (float x, float y) = mapping.ToImage(raw[3 * i], raw[(3 * i) + 1]);
            target[3 * i] = x;
            target[(3 * i) + 1] = y;
            target[(3 * i) + 2] = raw[(3 * i) + 2] * depthScale;
        }
    }

    /// <summary>Human's merge: Iris's contours replace the mesh's (all of both eyes when the head faces the camera, else the nearer eye's lids), and the iris centres are appended.</summary>
    private void Refine(Span<float> points, float depthScale)
    {
        ReadOnlySpan<float> right = _eyePoints.AsSpan(0, IrisPoints * 3), left = _eyePoints.AsSpan(IrisPoints * 3);
        float depthDifference = (points[(3 * 263) + 2] - points[(3 * 33) + 2]) / depthScale;
        bool both = MathF.Abs(depthDifference) < TurnedDepth;
        foreach ((int[] rightIndices, int[] leftIndices, int[] irisIndices, bool lids) in FaceMeshIndices.IrisContours)
        {
            if (both || (lids && depthDifference < 0))
            {
                Replace(points, left, leftIndices, irisIndices);
            }

            if (both || (lids && depthDifference >= 0))
            {
                Replace(points, right, rightIndices, irisIndices);
            }
        }

        AppendIris(points, left, FaceMeshIndices.LeftIrisCenter, FaceMeshIndices.LeftEyeUpper0[3], FaceMeshIndices.LeftEyeLower0[4]);
        AppendIris(points, right, FaceMeshIndices.RightIrisCenter, FaceMeshIndices.RightEyeUpper0[3], FaceMeshIndices.RightEyeLower0[4]);
    }

    private static void Replace(Span<float> points, ReadOnlySpan<float> eye, int[] meshIndices, int[] irisIndices)
    {
        for (int j = 0; j < meshIndices.Length; j++)
        {
            int m = meshIndices[j], k = irisIndices[j];
            points[3 * m] = eye[3 * k];
            points[(3 * m) + 1] = eye[(3 * k) + 1];
            points[(3 * m) + 2] = (eye[(3 * k) + 2] + points[(3 * m) + 2]) / 2;
        }
    }

    /// <summary>The five iris points (centre first); their depth is the lids' (the model's own is unreliable, as Human notes).</summary>
    private static void AppendIris(Span<float> points, ReadOnlySpan<float> eye, int first, int upperLid, int lowerLid)
    {
        float depth = (points[(3 * upperLid) + 2] + points[(3 * lowerLid) + 2]) / 2;
        for (int j = 0; j < 5; j++)
        {
            int k = 71 + j;
            points[3 * (first + j)] = eye[3 * k];
            points[(3 * (first + j)) + 1] = eye[(3 * k) + 1];
            points[(3 * (first + j)) + 2] = depth;
        }
    }

    public void Dispose()
    {
        _meshBinding.Dispose();
        _irisBinding.Dispose();
        _meshInput.Dispose();
        _meshPoints.Dispose();
        _meshFlag.Dispose();
        _meshContours.Dispose();
        _irisInput.Dispose();
        _irisOutput.Dispose();
    }
}
