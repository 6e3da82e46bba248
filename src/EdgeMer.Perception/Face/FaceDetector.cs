using EdgeMer.Imaging;
using EdgeMer.Inference;

namespace EdgeMer.Perception.Face;

/// <summary>
/// Stage <c>face.detect</c>: BlazeFace (back-camera model, 256x256) on the whole frame. Decodes its
/// 896 anchors (16x16 cells × 2 and 8x8 cells × 6, as Human and MediaPipe lay them out), keeps scores
/// above <see cref="FacePipelineOptions.MinDetectionScore"/>, and merges overlapping boxes by weighted
/// non-maximum suppression: each group of boxes overlapping the best one is averaged, weighted by
/// score, as MediaPipe does (Human keeps the best box alone). Boxes and keypoints come out in image pixels.
/// </summary>
public sealed class FaceDetector : IPerceptionStage<FaceFrame, FaceDetections>, IDisposable
{
    private const int Anchors = 896, Values = 16;

    private readonly FaceModel _model;
    private readonly FacePipelineOptions _options;
    private readonly ModelInputWriter _writer = new();
    private readonly PinnedTensor<float> _input;
    private readonly PinnedTensor<float> _boxes8, _boxes16, _scores8, _scores16;
    private readonly InferenceBinding _binding;
    private readonly float[] _anchorX = new float[Anchors], _anchorY = new float[Anchors];
    private readonly int[] _candidates = new int[Anchors];
    private readonly float[] _candidateScores = new float[Anchors];
    private readonly bool[] _taken = new bool[Anchors];
    private readonly float _minLogit;
    private StageClock _clock;

    public FaceDetector(FaceModel model, FacePipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _options = options;
        if (model.Input.Width != 256 || model.Input.Height != 256)
        {
            throw new ArgumentException($"the face detector decodes BlazeFace's 256x256 anchors; model '{model.Description.Id}' takes {model.Input.Width}x{model.Input.Height}", nameof(model));
        }

        _input = PinnedTensor.Allocate<float>(model.Input.Shape());
        _boxes8 = PinnedTensor.Allocate<float>(1, 384, Values);
        _boxes16 = PinnedTensor.Allocate<float>(1, 512, Values);
        _scores8 = PinnedTensor.Allocate<float>(1, 384, 1);
        _scores16 = PinnedTensor.Allocate<float>(1, 512, 1);
        _binding = model.Session.CreateBinding();
        _binding.BindInput(model.InputName, _input);
        _binding.BindOutput(model.Output("boxes_8x8"), _boxes8);
        _binding.BindOutput(model.Output("boxes_16x16"), _boxes16);
        _binding.BindOutput(model.Output("scores_8x8"), _scores8);
        _binding.BindOutput(model.Output("scores_16x16"), _scores16);
        int i = 0;
        foreach ((int cells, int perCell) in ((int, int)[])[(16, 2), (8, 6)])
        {
            float stride = 256f / cells;
            for (int y = 0; y < cells; y++)
            {
                for (int x = 0; x < cells; x++)
                {
                    for (int n = 0; n < perCell; n++, i++)
                    {
                        _anchorX[i] = stride * (x + 0.5f);
                        _anchorY[i] = stride * (y + 0.5f);
                    }
                }
            }
        }

        _minLogit = MathF.Log(options.MinDetectionScore / (1 - options.MinDetectionScore));
    }

    public string Name => "face.detect";

    public StagePhases LastRun => _clock.Phases;

    public FaceDetections CreateOutput() => new(_options.MaxFaces);

    public void Run(scoped in FaceFrame input, FaceDetections output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _clock.Start();
        ImageView image = input.Image;
        ImageRegion region = _options.LetterboxDetector
            ? ImageRegion.Letterbox(image.Width, image.Height, 256, 256)
            : CropSampling.Resized(image.Width, image.Height, 256);
        RegionMapping mapping = _writer.Write(image, region, _model.Input, _input.Span);
        _clock.Preprocessed();
        _binding.Run();
        _clock.RanModel();
        Decode(mapping, output);
        output.ImageSize = (image.Width, image.Height);
        output.CaptureTime = input.CaptureTime;
        _clock.Postprocessed();
    }

    private void Decode(RegionMapping mapping, FaceDetections output)
    {
        // Anchors: the 512 of the 16x16 map first, then the 384 of the 8x8 map.
        ReadOnlySpan<float> scores16 = _scores16.Span, scores8 = _scores8.Span;
        int count = 0;
        for (int i = 0; i < Anchors; i++)
        {
            float logit = i < 512 ? scores16[i] : scores8[i - 512];
            if (logit > _minLogit)
            {
                _candidates[count] = i;
                _candidateScores[count] = -1f / (1f + MathF.Exp(-logit));
                count++;
            }
        }

        // Best first. An insertion sort: the candidates are few, and the framework's span sort builds
        // its comparer by reflection the first time two candidates meet, allocating mid-stream.
        for (int i = 1; i < count; i++)
        {
            float score = _candidateScores[i];
            int anchor = _candidates[i], j = i - 1;
            for (; j >= 0 && _candidateScores[j] > score; j--)
            {
                _candidateScores[j + 1] = _candidateScores[j];
                _candidates[j + 1] = _candidates[j];
            }

            _candidateScores[j + 1] = score;
            _candidates[j + 1] = anchor;
        }

        _taken.AsSpan(0, count).Clear();
        output.Clear();
        Span<float> keypoints = stackalloc float[2 * FaceDetection.KeypointCount];
        for (int best = 0; best < count && output.Count < output.Capacity; best++)
        {
            if (_taken[best])
            {
                continue;
            }

            Box(_candidates[best], out float bl, out float bt, out float br, out float bb);
            float weightSum = 0, left = 0, top = 0, right = 0, bottom = 0;
            keypoints.Clear();
            for (int other = best; other < count; other++)
            {
                if (_taken[other])
                {
                    continue;
                }

                int anchor = _candidates[other];
                Box(anchor, out float l, out float t, out float r, out float b);
                if (other != best && Iou(bl, bt, br, bb, l, t, r, b) <= _options.NmsIouThreshold)
                {
                    continue;
                }

                _taken[other] = true;
                float weight = -_candidateScores[other];
                weightSum += weight;
                left += l * weight;
                top += t * weight;
                right += r * weight;
                bottom += b * weight;
                ReadOnlySpan<float> raw = Raw(anchor);
                for (int k = 0; k < FaceDetection.KeypointCount; k++)
                {
                    keypoints[2 * k] += (raw[4 + (2 * k)] + _anchorX[anchor]) * weight;
                    keypoints[(2 * k) + 1] += (raw[5 + (2 * k)] + _anchorY[anchor]) * weight;
                }
            }

            ref FaceDetection face = ref output.Add();
            (float x0, float y0) = mapping.ToImage(left / weightSum, top / weightSum);
            (float x1, float y1) = mapping.ToImage(right / weightSum, bottom / weightSum);
            face.Box = new FaceBox(x0, y0, x1 - x0, y1 - y0);
            face.Score = -_candidateScores[best];
            for (int k = 0; k < FaceDetection.KeypointCount; k++)
            {
                (float x, float y) = mapping.ToImage(keypoints[2 * k] / weightSum, keypoints[(2 * k) + 1] / weightSum);
                face.SetKeypoint(k, x, y);
            }
        }
    }

    private ReadOnlySpan<float> Raw(int anchor) => anchor < 512
        ? _boxes16.Span.Slice(anchor * Values, Values)
        : _boxes8.Span.Slice((anchor - 512) * Values, Values);

    /// <summary>The anchor's box in detector-input pixels: centre offset from the anchor, then size.</summary>
    private void Box(int anchor, out float left, out float top, out float right, out float bottom)
    {
        ReadOnlySpan<float> raw = Raw(anchor);
        float cx = raw[0] + _anchorX[anchor], cy = raw[1] + _anchorY[anchor];
        left = cx - (raw[2] / 2);
        right = cx + (raw[2] / 2);
        top = cy - (raw[3] / 2);
        bottom = cy + (raw[3] / 2);
    }

    private static float Iou(float l0, float t0, float r0, float b0, float l1, float t1, float r1, float b1) =>
        new FaceBox(l0, t0, r0 - l0, b0 - t0).IntersectionOverUnion(new FaceBox(l1, t1, r1 - l1, b1 - t1));

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _boxes8.Dispose();
        _boxes16.Dispose();
        _scores8.Dispose();
        _scores16.Dispose();
    }
}
