using EdgeMer.Imaging;

namespace EdgeMer.Perception.Body;

/// <summary>
/// The body pipeline on frames: MoveNet Lightning on the crop chosen from the previous frame's pose
/// (<see cref="BodyCropRegion"/>; the whole frame when no person was seen), then the tracker's smoothing,
/// gait window and observation. One person at a time (MoveNet SinglePose). Runs on the caller's
/// thread; allocates nothing per frame.
/// </summary>
public sealed class BodyPipeline : IDisposable
{
    private readonly PoseEstimator _estimator;
    private readonly BodyTracker _tracker;
    private readonly BodyPose _pose;
    private ImageRegion? _next;
    private (int Width, int Height) _size;

    public BodyPipeline(PoseModel model, BodyTrackingOptions? options = null)
    {
        _estimator = new PoseEstimator(model);
        _tracker = new BodyTracker(options);
        _pose = _estimator.CreateOutput();
    }

    public PoseEstimator Estimator => _estimator;

    public BodyTracker Tracker => _tracker;

    /// <summary>The model's pose of the last frame, unsmoothed, in image pixels.</summary>
    public BodyPose LastPose => _pose;

    /// <summary>The region the model read in the last frame.</summary>
    public ImageRegion LastRegion { get; private set; }

    /// <summary>Reads one frame: the track it continues or starts, or null when no person was seen.</summary>
    public BodyTrack? Process(ImageView image, TimeSpan captureTime)
    {
        if (_size != (image.Width, image.Height))
        {
            _size = (image.Width, image.Height);
            _next = null;
        }

        ImageRegion region = _next ?? BodyCropRegion.Initial(image.Width, image.Height);
        LastRegion = region;
        _estimator.Run(new BodyFrame(image, captureTime, region), _pose);
        BodyTrack? track = _tracker.Update(0, _pose);
        _next = track is null ? null : BodyCropRegion.Next(_pose, image.Width, image.Height);
        return track;
    }

    public void Dispose() => _estimator.Dispose();
}
