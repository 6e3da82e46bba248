using EdgeMer.Imaging;

namespace EdgeMer.Perception.Body;

/// <summary>
/// The body pipeline on frames: the pose model the caller (the device profile) chose, then the
/// tracker's smoothing, gait window and observation. Runs on the caller's thread; allocates nothing
/// per frame.
/// <list type="bullet">
/// <item>MoveNet SinglePose Lightning: one person, read through the crop chosen from the previous
/// frame's pose (<see cref="BodyCropRegion"/>; the whole frame when no person was seen).</item>
/// <item>BlazePose Lite: one person with heels and toes, on the whole frame padded square (as Human
/// runs it without its detector).</item>
/// <item>MoveNet MultiPose: up to six people on the whole frame; each person's box is matched to the
/// previous frame's boxes (greedy, highest IoU first, at least <see cref="MinMatchIoU"/>), so that
/// people keep their anonymous tracks while they move; an unmatched person starts a new one.</item>
/// </list>
/// </summary>
public sealed class BodyPipeline : IDisposable
{
    /// <summary>The overlap from which a MultiPose box continues the previous frame's person.</summary>
    public const float MinMatchIoU = 0.2f;

    private readonly PoseModel _model;
    private readonly PoseEstimator? _single;
    private readonly BlazePoseEstimator? _blaze;
    private readonly MultiPoseEstimator? _multi;
    private readonly BodyTracker _tracker;
    private readonly BodyPose _pose;
    private readonly BodyPeople? _people;
    private readonly BodyTrack[] _updated;
    private readonly PersonSlot[] _slots;
    private readonly bool[] _detectionTaken = new bool[BodyPeople.Capacity];
    private int _updatedCount;
    private int _nextKey;
    private ImageRegion? _next;
    private (int Width, int Height) _size;

    /// <summary>A pipeline on <paramref name="model"/> (not owned); a gait-emotion <paramref name="gaitModel"/> (not owned) reads each track when given.</summary>
    public BodyPipeline(PoseModel model, BodyTrackingOptions? options = null, GaitEmotionModel? gaitModel = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        switch (model.Kind)
        {
            case PoseModelKind.SinglePose:
                _single = new PoseEstimator(model);
                break;
            case PoseModelKind.BlazePose:
                _blaze = new BlazePoseEstimator(model);
                break;
            default:
                _multi = new MultiPoseEstimator(model);
                _people = _multi.CreateOutput();
                break;
        }

        _tracker = new BodyTracker(options, gaitModel);
        _pose = new BodyPose();
        _updated = new BodyTrack[Math.Max(1, _tracker.Options.MaxTracks)];
        // Every person MultiPose can give has a slot, even beyond the tracker's tracks (then not followed).
        _slots = new PersonSlot[Math.Max(_tracker.Options.MaxTracks, BodyPeople.Capacity)];
    }

    /// <summary>The kind of pose model the pipeline runs.</summary>
    public PoseModelKind Kind => _model.Kind;

    /// <summary>The pose stage's phases of the last frame (preprocessing, model, decoding).</summary>
    public StagePhases PoseRun => _single?.LastRun ?? _blaze?.LastRun ?? _multi!.LastRun;

    public BodyTracker Tracker => _tracker;

    /// <summary>The model's pose of the last frame, unsmoothed, in image pixels (MultiPose: its best person's).</summary>
    public BodyPose LastPose => _people is { Count: > 0 } people ? people.Pose(0) : _pose;

    /// <summary>The people MultiPose found in the last frame; null for a single-person model.</summary>
    public BodyPeople? LastPeople => _people;

    /// <summary>The region the model read in the last frame.</summary>
    public ImageRegion LastRegion { get; private set; }

    /// <summary>The tracks the last frame continued or started (valid until the next frame).</summary>
    public ReadOnlySpan<BodyTrack> Updated => _updated.AsSpan(0, _updatedCount);

    /// <summary>Reads one frame: the track it continues or starts (MultiPose: the best person's), or null when no person was seen.</summary>
    public BodyTrack? Process(ImageView image, TimeSpan captureTime) =>
        ProcessFrame(image, captureTime) > 0 ? _updated[0] : null;

    /// <summary>Reads one frame; returns how many tracks it continued or started (<see cref="Updated"/>).</summary>
    public int ProcessFrame(ImageView image, TimeSpan captureTime)
    {
        if (_size != (image.Width, image.Height))
        {
            _size = (image.Width, image.Height);
            _next = null;
        }

        _updatedCount = 0;
        if (_multi is not null)
        {
            ProcessPeople(image, captureTime);
            return _updatedCount;
        }

        ImageRegion region = _next ?? BodyCropRegion.Initial(image.Width, image.Height);
        LastRegion = region;
        if (_single is not null)
        {
            _single.Run(new BodyFrame(image, captureTime, region), _pose);
        }
        else
        {
            _blaze!.Run(new BodyFrame(image, captureTime, region), _pose);
        }

        BodyTrack? track = _tracker.Update(0, _pose);
        if (track is not null)
        {
            _updated[_updatedCount++] = track;
        }

        // BlazePose reads the whole frame every time, as Human runs it without its detector.
        _next = track is not null && _single is not null ? BodyCropRegion.Next(_pose, image.Width, image.Height) : null;
        return _updatedCount;
    }

    private void ProcessPeople(ImageView image, TimeSpan captureTime)
    {
        ImageRegion region = BodyCropRegion.Initial(image.Width, image.Height);
        LastRegion = region;
        BodyPeople people = _people!;
        _multi!.Run(new BodyFrame(image, captureTime, region), people);

        // Greedy matching: the pair of (known person, detection) with the highest IoU first.
        Array.Clear(_detectionTaken);
        for (int s = 0; s < _slots.Length; s++)
        {
            _slots[s].Matched = -1;
        }

        while (true)
        {
            float best = MinMatchIoU;
            int bestSlot = -1, bestDetection = -1;
            for (int s = 0; s < _slots.Length; s++)
            {
                if (!_slots[s].Active || _slots[s].Matched >= 0)
                {
                    continue;
                }

                for (int d = 0; d < people.Count; d++)
                {
                    if (_detectionTaken[d])
                    {
                        continue;
                    }

                    float iou = IoU(_slots[s], people.Box(d));
                    if (iou >= best)
                    {
                        best = iou;
                        bestSlot = s;
                        bestDetection = d;
                    }
                }
            }

            if (bestSlot < 0)
            {
                break;
            }

            _slots[bestSlot].Matched = bestDetection;
            _detectionTaken[bestDetection] = true;
        }

        // New people take free slots, best first.
        for (int d = 0; d < people.Count; d++)
        {
            if (_detectionTaken[d])
            {
                continue;
            }

            for (int s = 0; s < _slots.Length; s++)
            {
                if (!_slots[s].Active)
                {
                    _slots[s] = new PersonSlot { Active = true, Key = _nextKey++, Matched = d };
                    _detectionTaken[d] = true;
                    break;
                }
            }
        }

        for (int s = 0; s < _slots.Length; s++)
        {
            ref PersonSlot slot = ref _slots[s];
            if (!slot.Active)
            {
                continue;
            }

            if (slot.Matched < 0)
            {
                _tracker.Miss(slot.Key);
                if (++slot.Missed > _tracker.Options.MaxMissedPoses)
                {
                    slot.Active = false;
                }

                continue;
            }

            (slot.Left, slot.Top, slot.Right, slot.Bottom) = people.Box(slot.Matched);
            slot.Missed = 0;
            if (_tracker.Update(slot.Key, people.Pose(slot.Matched)) is { } track)
            {
                _updated[_updatedCount++] = track;
            }
        }

        // Best person first, so that Process returns the most certain one.
        for (int i = 1; i < _updatedCount; i++)
        {
            BodyTrack track = _updated[i];
            float score = track.Pose.MeanScore;
            int at = i;
            while (at > 0 && _updated[at - 1].Pose.MeanScore < score)
            {
                _updated[at] = _updated[at - 1];
                at--;
            }

            _updated[at] = track;
        }
    }

    private static float IoU(in PersonSlot slot, (float Left, float Top, float Right, float Bottom) box)
    {
        float width = Math.Min(slot.Right, box.Right) - Math.Max(slot.Left, box.Left);
        float height = Math.Min(slot.Bottom, box.Bottom) - Math.Max(slot.Top, box.Top);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        float overlap = width * height;
        float union = ((slot.Right - slot.Left) * (slot.Bottom - slot.Top)) + ((box.Right - box.Left) * (box.Bottom - box.Top)) - overlap;
        return union > 0 ? overlap / union : 0;
    }

    public void Dispose()
    {
        _single?.Dispose();
        _blaze?.Dispose();
        _multi?.Dispose();
    }

    /// <summary>A person MultiPose is following: the tracker's key, the last box, and this frame's detection.</summary>
    private struct PersonSlot
    {
        public bool Active;
        public int Key;
        public int Matched;
        public int Missed;
        public float Left, Top, Right, Bottom;
    }
}
