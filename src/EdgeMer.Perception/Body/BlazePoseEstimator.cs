using EdgeMer.Imaging;
using EdgeMer.Inference;

namespace EdgeMer.Perception.Body;

/// <summary>
/// Stage <c>body.pose</c> on BlazePose Lite: the frame's region (the whole frame padded square, as
/// Human 3.3.6's <c>src/body/blazepose.ts</c> feeds it without its detector) at 256x256, pixels / 255.
/// The model gives 39 landmarks (x, y, z, visibility, presence), x and y in input pixels; each
/// keypoint's confidence is sigmoid(visibility) × sigmoid(presence) × the person flag, as Human scores
/// them. BlazePose's 33 keypoints hold COCO's 17 (mapped onto <see cref="BodyKeypoint"/>) and the heels
/// and toes (<see cref="BodyFootPoint"/>), which the gait window prefers to the ankles for the stride.
/// </summary>
public sealed class BlazePoseEstimator : IPerceptionStage<BodyFrame, BodyPose>, IDisposable
{
    /// <summary>Landmarks BlazePose Lite gives: 33 keypoints and 6 auxiliary points.</summary>
    public const int LandmarkCount = 39;

    private const int Values = 5;

    /// <summary>BlazePose's index of each COCO keypoint, in <see cref="BodyKeypoint"/> order.</summary>
    private static readonly int[] s_cocoIndex = [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28];

    /// <summary>BlazePose's index of each foot point, in <see cref="BodyFootPoint"/> order: heels 29/30, foot index 31/32.</summary>
    private static readonly int[] s_footIndex = [29, 30, 31, 32];

    private readonly PoseModel _model;
    private readonly ModelInputWriter _writer = new();
    private readonly PinnedTensor<float> _input;
    private readonly PinnedTensor<float> _landmarks;
    private readonly PinnedTensor<float> _flag;
    private readonly InferenceBinding _binding;
    private StageClock _clock;

    public BlazePoseEstimator(PoseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Kind != PoseModelKind.BlazePose)
        {
            throw new ArgumentException($"the BlazePose stage runs BlazePose; '{model.Description.Id}' is a {model.Kind} model", nameof(model));
        }

        _model = model;
        _input = PinnedTensor.Allocate<float>(model.Input.Shape());
        _landmarks = PinnedTensor.Allocate<float>(1, LandmarkCount * Values);
        _flag = PinnedTensor.Allocate<float>(1, 1);
        _binding = model.Session.CreateBinding();
        _binding.BindInput(model.InputName, _input);
        _binding.BindOutput(model.OutputName, _landmarks);
        _binding.BindOutput(model.FlagOutputName!, _flag);
    }

    public string Name => "body.pose";

    public StagePhases LastRun => _clock.Phases;

    /// <summary>The person flag of the last run, 0 to 1.</summary>
    public float LastPersonScore { get; private set; }

    /// <summary>Width and height of the model's input in pixels.</summary>
    public int InputSize => _model.Input.Width;

    public BodyPose CreateOutput() => new();

    public void Run(scoped in BodyFrame input, BodyPose output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _clock.Start();
        RegionMapping mapping = _writer.Write(input.Image, input.Region, _model.Input, _input.Span);
        _clock.Preprocessed();
        _binding.Run();
        _clock.RanModel();
        ReadOnlySpan<float> values = _landmarks.Span;
        float person = Math.Clamp(_flag.Span[0], 0f, 1f);
        LastPersonScore = person;
        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            (float x, float y, float score) = Landmark(values, s_cocoIndex[k], person, mapping);
            output.Set((BodyKeypoint)k, x, y, score);
        }

        for (int f = 0; f < BodyPose.FootPointCount; f++)
        {
            (float x, float y, float score) = Landmark(values, s_footIndex[f], person, mapping);
            output.SetFoot((BodyFootPoint)f, x, y, score);
        }

        output.HasFeet = true;
        output.CaptureTime = input.CaptureTime;
        _clock.Postprocessed();
    }

    private static (float X, float Y, float Score) Landmark(ReadOnlySpan<float> values, int index, float person, RegionMapping mapping)
    {
        int at = index * Values;
        (float x, float y) = mapping.ToImage(values[at], values[at + 1]);
        float score = Sigmoid(values[at + 3]) * Sigmoid(values[at + 4]) * person;
        return (x, y, score);
    }

    private static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _landmarks.Dispose();
        _flag.Dispose();
    }
}
