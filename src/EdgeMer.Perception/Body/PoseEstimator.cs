using EdgeMer.Imaging;
using EdgeMer.Inference;

namespace EdgeMer.Perception.Body;

/// <summary>
/// Stage <c>body.pose</c>: MoveNet SinglePose Lightning on the frame's region (the whole frame padded
/// square, or the crop <see cref="BodyCropRegion"/> chose from the previous frame). The model's 17
/// (y, x, score) triples, in 0..1 of its input, come back in image pixels through the region's mapping.
/// </summary>
public sealed class PoseEstimator : IPerceptionStage<BodyFrame, BodyPose>, IDisposable
{
    private readonly PoseModel _model;
    private readonly ModelInputWriter _writer = new();
    private readonly PinnedTensor<int> _input;
    private readonly PinnedTensor<float> _keypoints;
    private readonly InferenceBinding _binding;
    private StageClock _clock;

    public PoseEstimator(PoseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Kind != PoseModelKind.SinglePose)
        {
            throw new ArgumentException($"the single-pose stage runs MoveNet SinglePose; '{model.Description.Id}' is a {model.Kind} model", nameof(model));
        }

        _model = model;
        _input = PinnedTensor.Allocate<int>(model.Input.Shape());
        _keypoints = PinnedTensor.Allocate<float>(1, 1, BodyPose.KeypointCount, 3);
        _binding = model.Session.CreateBinding();
        _binding.BindInput(model.InputName, _input);
        _binding.BindOutput(model.OutputName, _keypoints);
    }

    public string Name => "body.pose";

    public StagePhases LastRun => _clock.Phases;

    /// <summary>Width and height of the model's input in pixels.</summary>
    public int InputSize => _model.Input.Width;

    public BodyPose CreateOutput() => new();

    public void Run(scoped in BodyFrame input, BodyPose output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _clock.Start();
        int width = _model.Input.Width, height = _model.Input.Height;
        RegionMapping mapping = _writer.Write(input.Image, input.Region, _model.Input, _input.Span);
        _clock.Preprocessed();
        _binding.Run();
        _clock.RanModel();
        ReadOnlySpan<float> values = _keypoints.Span;
        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            // (y, x) are fractions of the input's extent, which the mapping takes in input pixels.
            (float x, float y) = mapping.ToImage(values[(3 * k) + 1] * width, values[3 * k] * height);
            output.Set((BodyKeypoint)k, x, y, Math.Clamp(values[(3 * k) + 2], 0f, 1f));
        }

        output.ClearFeet();

        output.CaptureTime = input.CaptureTime;
        _clock.Postprocessed();
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _keypoints.Dispose();
    }
}
