using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Face;

/// <summary>
/// Stage <c>face.emotion</c>: the FER2013 mini-Xception on each face region (grey 64x64, as its
/// manifest says), mapped onto the shared labels by the manifest; also measures how sharp the crop is.
/// </summary>
public sealed class FaceEmotionClassifier : IPerceptionStage<FaceFrame, FaceEmotions>, IDisposable
{
    private readonly FaceModel _model;
    private readonly FacePipelineOptions _options;
    private readonly ModelInputWriter _writer = new();
    private readonly PinnedTensor<float> _input, _output;
    private readonly InferenceBinding _binding;
    private StageClock _clock;

    private readonly int _cropSize;

    /// <param name="model">The emotion model.</param>
    /// <param name="options">The pipeline's settings.</param>
    /// <param name="cropSize">The face crop the input is subsampled from, as Human takes it from FaceMesh's 192x192 crop (<see cref="CropSampling.Subsampled"/>).</param>
    public FaceEmotionClassifier(FaceModel model, FacePipelineOptions options, int cropSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cropSize);
        _cropSize = cropSize;
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (model.Input.Colors != ColorOrder.Grayscale)
        {
            throw new ArgumentException($"the emotion stage measures sharpness on a grey input; model '{model.Description.Id}' takes {model.Input.Colors}", nameof(model));
        }

        _model = model;
        _options = options;
        _input = PinnedTensor.Allocate<float>(model.Input.Shape());
        _output = PinnedTensor.Allocate<float>(1, model.Description.Labels.Count);
        _binding = model.Session.CreateBinding();
        _binding.BindInput(model.InputName, _input);
        _binding.BindOutput(model.Output("emotion_probabilities"), _output);
    }

    public string Name => "face.emotion";

    public StagePhases LastRun => _clock.Phases;

    public FaceEmotions CreateOutput() => new(_options.MaxFaces);

    public void Run(scoped in FaceFrame input, FaceEmotions output)
    {
        ArgumentNullException.ThrowIfNull(output);
        FaceRegions regions = input.Regions ?? throw new ArgumentException("the emotion stage needs the face regions to crop", nameof(input));
        _clock.Start();
        int count = Math.Min(regions.Count, output.Capacity);
        output.Count = count;
        output.CaptureTime = input.CaptureTime;
        for (int face = 0; face < count; face++)
        {
            ImageRegion crop = CropSampling.Cropped(regions.Regions[face], input.Image.Width, input.Image.Height, _cropSize);
            _writer.Write(input.Image, CropSampling.Subsampled(crop, _cropSize, _model.Input.Width), _model.Input, _input.Span);

            _clock.Preprocessed();
            _binding.Run();
            _clock.RanModel();
            output.Set(face, regions.TrackIds[face], _model.Description.MapToShared(_output.Span), Sharpness(_input.Span, _model.Input));
            _clock.Postprocessed();
        }
    }

    /// <summary>Variance of the 4-neighbour Laplacian over the crop's interior, in grey levels.</summary>
    internal static float Sharpness(ReadOnlySpan<float> values, ModelInputFormat format)
    {
        int width = format.Width, height = format.Height;
        float toGray = 1f / format.Scale;
        double sum = 0, squares = 0;
        int n = 0;
        for (int y = 1; y < height - 1; y++)
        {
            for (int x = 1; x < width - 1; x++)
            {
                int at = (y * width) + x;
                float laplacian = ((4 * values[at]) - values[at - 1] - values[at + 1] - values[at - width] - values[at + width]) * toGray;
                sum += laplacian;
                squares += laplacian * laplacian;
                n++;
            }
        }

        if (n == 0)
        {
            return 0;
        }

        double mean = sum / n;
        return (float)Math.Max(0, (squares / n) - (mean * mean));
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
    }
}
