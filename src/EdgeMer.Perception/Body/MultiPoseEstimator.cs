using EdgeMer.Imaging;
using EdgeMer.Inference;

namespace EdgeMer.Perception.Body;

/// <summary>
/// Stage <c>body.pose</c> on MoveNet MultiPose Lightning: the whole frame padded square at 256x256
/// (int32 pixels), as Human 3.3.6's <c>src/body/movenet.ts</c> feeds it. The model gives six rows of
/// 56 values: 17 keypoints as (y, x, score) in 0..1 of its input, then the person's box ymin, xmin,
/// ymax, xmax and its score. A row is a person when its box score reaches
/// <see cref="MinPersonScore"/> (Human's 0.3); people come back best first, in image pixels through the
/// region's mapping.
/// </summary>
public sealed class MultiPoseEstimator : IPerceptionStage<BodyFrame, BodyPeople>, IDisposable
{
    /// <summary>Rows the model gives.</summary>
    public const int Rows = 6;

    /// <summary>Values per row: 17 × (y, x, score), then ymin, xmin, ymax, xmax, score.</summary>
    public const int RowValues = 56;

    private const int BoxAt = 3 * BodyPose.KeypointCount;

    private readonly PoseModel _model;
    private readonly ModelInputWriter _writer = new();
    private readonly PinnedTensor<int> _input;
    private readonly PinnedTensor<float> _people;
    private readonly InferenceBinding _binding;
    private readonly int[] _order = new int[Rows];
    private StageClock _clock;

    public MultiPoseEstimator(PoseModel model, float minPersonScore = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Kind != PoseModelKind.MultiPose)
        {
            throw new ArgumentException($"the several-people stage runs MoveNet MultiPose; '{model.Description.Id}' is a {model.Kind} model", nameof(model));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(minPersonScore);
        _model = model;
        MinPersonScore = minPersonScore;
        _input = PinnedTensor.Allocate<int>(model.Input.Shape());
        _people = PinnedTensor.Allocate<float>(1, Rows, RowValues);
        _binding = model.Session.CreateBinding();
        _binding.BindInput(model.InputName, _input);
        _binding.BindOutput(model.OutputName, _people);
    }

    public string Name => "body.pose";

    public StagePhases LastRun => _clock.Phases;

    /// <summary>The box score from which a row counts as a person.</summary>
    public float MinPersonScore { get; }

    /// <summary>Width and height of the model's input in pixels.</summary>
    public int InputSize => _model.Input.Width;

    public BodyPeople CreateOutput() => new();

    public void Run(scoped in BodyFrame input, BodyPeople output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _clock.Start();
        int width = _model.Input.Width, height = _model.Input.Height;
        RegionMapping mapping = _writer.Write(input.Image, input.Region, _model.Input, _input.Span);
        _clock.Preprocessed();
        _binding.Run();
        _clock.RanModel();
        ReadOnlySpan<float> values = _people.Span;

        // Best first: an insertion sort of the six rows by box score.
        for (int r = 0; r < Rows; r++)
        {
            int at = r;
            while (at > 0 && values[(_order[at - 1] * RowValues) + BoxAt + 4] < values[(r * RowValues) + BoxAt + 4])
            {
                _order[at] = _order[at - 1];
                at--;
            }

            _order[at] = r;
        }

        output.Clear();
        foreach (int r in _order)
        {
            ReadOnlySpan<float> row = values.Slice(r * RowValues, RowValues);
            float score = row[BoxAt + 4];
            if (!(score >= MinPersonScore))
            {
                break;
            }

            BodyPose pose = output.Next;
            for (int k = 0; k < BodyPose.KeypointCount; k++)
            {
                (float x, float y) = mapping.ToImage(row[(3 * k) + 1] * width, row[3 * k] * height);
                pose.Set((BodyKeypoint)k, x, y, Math.Clamp(row[(3 * k) + 2], 0f, 1f));
            }

            pose.ClearFeet();
            pose.CaptureTime = input.CaptureTime;
            (float left, float top) = mapping.ToImage(row[BoxAt + 1] * width, row[BoxAt] * height);
            (float right, float bottom) = mapping.ToImage(row[BoxAt + 3] * width, row[BoxAt + 2] * height);
            output.Add(left, top, right, bottom, Math.Clamp(score, 0f, 1f));
        }

        output.CaptureTime = input.CaptureTime;
        _clock.Postprocessed();
    }

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _people.Dispose();
    }
}
