using EdgeMer.Affect;

namespace EdgeMer.Perception.Body;

/// <summary>
/// One anonymous person followed across poses: positions only, never an appearance, so a person who
/// leaves and returns is a new track. Holds the smoothed pose, the gait window, and what was last read
/// from it. Allocated once per track slot and reused.
/// </summary>
public sealed class BodyTrack
{
    private readonly OneEuroFilter[] _filterX = new OneEuroFilter[BodyPose.KeypointCount];
    private readonly OneEuroFilter[] _filterY = new OneEuroFilter[BodyPose.KeypointCount];
    private readonly bool[] _wasSeen = new bool[BodyPose.KeypointCount];
    private readonly OneEuroFilter[] _footFilterX = new OneEuroFilter[BodyPose.FootPointCount];
    private readonly OneEuroFilter[] _footFilterY = new OneEuroFilter[BodyPose.FootPointCount];
    private readonly bool[] _footWasSeen = new bool[BodyPose.FootPointCount];
    private ValenceArousal? _modelAffect;
    private TimeSpan? _modelRan;

    internal BodyTrack(BodyTrackingOptions options)
    {
        Window = new GaitWindow(options.WindowCapacity, options.Window);
    }

    /// <summary>The track's number: the tracker's count of tracks started, from 0.</summary>
    public int Id { get; private set; }

    /// <summary>What the pose source calls this person (0 for a single-person model; a skeleton stream's own track).</summary>
    public int SourceKey { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>Poses in a row without this person.</summary>
    public int Missed { get; private set; }

    /// <summary>The smoothed pose; a joint not seen keeps its last position and its low score.</summary>
    public BodyPose Pose { get; } = new();

    public GaitWindow Window { get; }

    public GaitFeatures Features { get; private set; }

    public BodyAffect Affect { get; private set; }

    /// <summary>Where <see cref="Observation"/>'s affect comes from.</summary>
    public BodyAffectSource AffectSource { get; private set; }

    /// <summary>The plugged-in gait-emotion model's last distribution for this track; null without a model or before its first run.</summary>
    public EmotionDistribution? Emotions { get; private set; }

    public Observation Observation { get; private set; }

    internal void Start(int id, int sourceKey)
    {
        Id = id;
        SourceKey = sourceKey;
        IsActive = true;
        Missed = 0;
        Window.Clear();
        Array.Clear(_wasSeen);
        Array.Clear(_footWasSeen);
        Features = default;
        Affect = default;
        Emotions = null;
        _modelAffect = null;
        _modelRan = null;
    }

    internal bool Miss(int maxMissed)
    {
        Missed++;
        if (Missed > maxMissed)
        {
            IsActive = false;
        }

        return IsActive;
    }

    internal void Update(BodyPose pose, BodyTrackingOptions options, GaitEmotionModel? model)
    {
        Missed = 0;
        float height = Features.BodyHeightPixels ?? ExtentOf(pose, options.MinKeypointScore);

        // The filter runs in pixels; dividing beta by the body height makes it act per body height per second.
        float beta = options.SmoothingBeta / Math.Max(1f, height);
        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            bool seen = pose.Score[k] >= options.MinKeypointScore;
            if (seen)
            {
                if (!_wasSeen[k])
                {
                    _filterX[k].Reset();
                    _filterY[k].Reset();
                }

                Pose.X[k] = _filterX[k].Filter(pose.X[k], pose.CaptureTime, options.SmoothingMinCutoff, beta, options.SmoothingDerivativeCutoff);
                Pose.Y[k] = _filterY[k].Filter(pose.Y[k], pose.CaptureTime, options.SmoothingMinCutoff, beta, options.SmoothingDerivativeCutoff);
            }

            _wasSeen[k] = seen;
            Pose.Score[k] = pose.Score[k];
        }

        // Heels and toes (BlazePose) are smoothed alike; a pose without them clears the track's.
        if (pose.HasFeet)
        {
            Pose.HasFeet = true;
            for (int f = 0; f < BodyPose.FootPointCount; f++)
            {
                bool seen = pose.FootScore[f] >= options.MinKeypointScore;
                if (seen)
                {
                    if (!_footWasSeen[f])
                    {
                        _footFilterX[f].Reset();
                        _footFilterY[f].Reset();
                    }

                    Pose.FootX[f] = _footFilterX[f].Filter(pose.FootX[f], pose.CaptureTime, options.SmoothingMinCutoff, beta, options.SmoothingDerivativeCutoff);
                    Pose.FootY[f] = _footFilterY[f].Filter(pose.FootY[f], pose.CaptureTime, options.SmoothingMinCutoff, beta, options.SmoothingDerivativeCutoff);
                }

                _footWasSeen[f] = seen;
                Pose.FootScore[f] = pose.FootScore[f];
            }
        }
        else if (Pose.HasFeet)
        {
            Pose.ClearFeet();
            Array.Clear(_footWasSeen);
        }

        Pose.CaptureTime = pose.CaptureTime;
        Window.Add(Pose, options.MinKeypointScore);
        GaitFeatures features = Window.Measure();
        Features = features;
        Affect = options.InferAffect ? BodyAffectEstimator.Estimate(features) : new BodyAffect(null, BodyAffectEstimator.Quality(features));

        // A plugged-in model reads the track once at least half its frames are in the window, then at its interval.
        if (options.InferAffect && model is not null && features.BodyHeightPixels is float h && 2 * Window.Count >= model.Frames
            && (_modelRan is not TimeSpan ran || pose.CaptureTime - ran >= options.ModelInterval || pose.CaptureTime < ran))
        {
            (EmotionDistribution emotions, ValenceArousal? affect) = model.Classify(Window, h);
            Emotions = emotions;
            _modelAffect = affect;
            _modelRan = pose.CaptureTime;
        }

        AffectSource = _modelAffect is null ? BodyAffectSource.Heuristic : BodyAffectSource.Model;
        ValenceArousal? reported = _modelAffect ?? Affect.Affect;
        bool known = features.Activity != BodyActivity.Unknown;
        var states = new ModalityStates(
            walking: known ? (features.Activity == BodyActivity.Walking ? 1f : 0f) : null,
            walkingSpeed: known && features.Speed is float speed ? Math.Min(speed, ModalityStates.MaxWalkingSpeed) : null);
        Observation = new Observation(Modality.Body, new CaptureWindow(Window.Start, Window.End), Affect.Quality, Emotions, reported, states, Id);
    }

    private static float ExtentOf(BodyPose pose, float minScore)
    {
        float top = float.MaxValue, bottom = float.MinValue;
        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            if (pose.Score[k] >= minScore)
            {
                top = MathF.Min(top, pose.Y[k]);
                bottom = MathF.Max(bottom, pose.Y[k]);
            }
        }

        return bottom > top ? bottom - top : 1f;
    }
}
