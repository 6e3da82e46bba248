namespace EdgeMer.Perception.Body;

/// <summary>
/// Anonymous per-person tracks over poses, keyed by what the pose source calls each person (a
/// single-person model has one key, 0; a skeleton stream names its own tracks). A pose counts as a
/// person when enough joints are seen, a shoulder and a hip among them; a track ends after
/// <see cref="BodyTrackingOptions.MaxMissedPoses"/> poses in a row without its person, and whoever comes
/// next is a new track with the next number. Touched by one thread; allocates nothing per pose.
/// </summary>
public sealed class BodyTracker
{
    private readonly BodyTrackingOptions _options;
    private readonly BodyTrack[] _tracks;
    private readonly GaitEmotionModel? _model;
    private int _nextId;

    /// <summary>
    /// A tracker with <paramref name="options"/> (default: <see cref="BodyTrackingOptions"/>'s); with a
    /// gait-emotion <paramref name="model"/> (not owned), each track's emotions come from it, and its
    /// valence and arousal where the manifest anchors the labels.
    /// </summary>
    public BodyTracker(BodyTrackingOptions? options = null, GaitEmotionModel? model = null)
    {
        _model = model;
        _options = options ?? new BodyTrackingOptions();
        _options.Validate();
        _tracks = new BodyTrack[_options.MaxTracks];
        for (int i = 0; i < _tracks.Length; i++)
        {
            _tracks[i] = new BodyTrack(_options);
        }
    }

    public BodyTrackingOptions Options => _options;

    /// <summary>Every track slot, active or not (<see cref="BodyTrack.IsActive"/>).</summary>
    public ReadOnlySpan<BodyTrack> Slots => _tracks;

    /// <summary>True when <paramref name="pose"/> shows a person: enough joints seen, a shoulder and a hip among them.</summary>
    public bool IsPerson(BodyPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        int seen = 0;
        for (int k = 0; k < BodyPose.KeypointCount; k++)
        {
            seen += pose.Score[k] >= _options.MinKeypointScore ? 1 : 0;
        }

        float min = _options.MinKeypointScore;
        bool shoulder = pose.ScoreOf(BodyKeypoint.LeftShoulder) >= min || pose.ScoreOf(BodyKeypoint.RightShoulder) >= min;
        bool hip = pose.ScoreOf(BodyKeypoint.LeftHip) >= min || pose.ScoreOf(BodyKeypoint.RightHip) >= min;
        return seen >= _options.MinVisibleKeypoints && shoulder && hip;
    }

    /// <summary>
    /// Follows the person <paramref name="sourceKey"/> with <paramref name="pose"/>: the track it continues
    /// or starts, with its smoothed pose, features and observation; null when the pose is not a person
    /// (counted as a miss) or every slot is taken by another person.
    /// </summary>
    public BodyTrack? Update(int sourceKey, BodyPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        if (!IsPerson(pose))
        {
            Miss(sourceKey);
            return null;
        }

        BodyTrack? track = Find(sourceKey);
        if (track is null)
        {
            foreach (BodyTrack slot in _tracks)
            {
                if (!slot.IsActive)
                {
                    track = slot;
                    track.Start(_nextId++, sourceKey);
                    break;
                }
            }
        }

        track?.Update(pose, _options, _model);
        return track;
    }

    /// <summary>Counts a pose without person <paramref name="sourceKey"/>; its track ends after too many in a row.</summary>
    public void Miss(int sourceKey) => Find(sourceKey)?.Miss(_options.MaxMissedPoses);

    /// <summary>Ends person <paramref name="sourceKey"/>'s track at once (a skeleton stream said the person left).</summary>
    public void End(int sourceKey) => Find(sourceKey)?.Miss(-1);

    private BodyTrack? Find(int sourceKey)
    {
        foreach (BodyTrack track in _tracks)
        {
            if (track.IsActive && track.SourceKey == sourceKey)
            {
                return track;
            }
        }

        return null;
    }
}
