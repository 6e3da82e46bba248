using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>
/// Follows faces from frame to frame by position alone: a detection continues the track whose region
/// it overlaps most (IoU), otherwise starts a new track with the next anonymous number. Nothing about
/// a face's appearance is kept, so a person who leaves and comes back is a new track. Between
/// detector runs each track's region follows its landmarks (the centre of the mesh, the size kept,
/// as Human does).
/// </summary>
internal sealed class FaceTracker
{
    private readonly FacePipelineOptions _options;
    private readonly FaceTrack[] _tracks;
    private readonly bool[] _matched;
    private int _nextId;

    public FaceTracker(FacePipelineOptions options)
    {
        _options = options;
        _tracks = new FaceTrack[options.MaxFaces];
        _matched = new bool[options.MaxFaces];
        for (int i = 0; i < _tracks.Length; i++)
        {
            _tracks[i] = new FaceTrack(options.States);
        }
    }

    public int Count
    {
        get
        {
            int count = 0;
            foreach (FaceTrack track in _tracks)
            {
                count += track.Active ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>The crop region for a detection: its box enlarged by <see cref="FacePipelineOptions.RegionScale"/> and made square, turned upright when the eyes are tilted.</summary>
    public ImageRegion RegionOf(in FaceDetection detection)
    {
        FaceBox box = detection.Box;
        (float rx, float ry) = detection.Keypoint(0);
        (float lx, float ly) = detection.Keypoint(1);
        float size = Math.Max(1f, Math.Max(box.Width, box.Height) * _options.RegionScale);
        float angle = Aligned(MathF.Atan2(ly - ry, lx - rx));
        if (angle != 0)
        {
            return new ImageRegion(box.CenterX, box.CenterY, size, size, angle);
        }

        // Whole-pixel edges, as Human's square box has.
        float left = MathF.Round(box.CenterX - (size / 2)), top = MathF.Round(box.CenterY - (size / 2));
        float right = MathF.Round(box.CenterX + (size / 2)), bottom = MathF.Round(box.CenterY + (size / 2));
        return ImageRegion.FromBox(left, top, Math.Max(1f, right - left), Math.Max(1f, bottom - top));
    }

    /// <summary>Matches a detector run's faces to the tracks; unmatched tracks count a miss and end after too many.</summary>
    public void Update(FaceDetections detections)
    {
        Array.Clear(_matched);
        foreach (ref readonly FaceDetection detection in detections.Faces)
        {
            ImageRegion region = RegionOf(detection);
            int best = -1;
            float bestIou = _options.TrackIouThreshold;
            for (int i = 0; i < _tracks.Length; i++)
            {
                if (_tracks[i].Active && !_matched[i])
                {
                    float iou = Box(_tracks[i].Region).IntersectionOverUnion(Box(region));
                    if (iou >= bestIou)
                    {
                        best = i;
                        bestIou = iou;
                    }
                }
            }

            if (best < 0)
            {
                best = Array.FindIndex(_tracks, track => !track.Active);
                if (best < 0)
                {
                    continue;
                }

                _tracks[best].Start(NextId(), region, detection.Score);
            }
            else
            {
                _tracks[best].Region = region;
                _tracks[best].DetectionScore = detection.Score;
                _tracks[best].Missed = 0;
            }

            _matched[best] = true;
        }

        for (int i = 0; i < _tracks.Length; i++)
        {
            if (_tracks[i].Active && !_matched[i] && ++_tracks[i].Missed > _options.MaxMissedDetections)
            {
                _tracks[i].Active = false;
            }
        }
    }

    /// <summary>Whether a followed face has no emotion reading yet.</summary>
    public bool AnyWithoutEmotion()
    {
        foreach (FaceTrack track in _tracks)
        {
            if (track.Active && track.Emotion is null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends every track (the next frame is another scene).</summary>
    public void Clear()
    {
        foreach (FaceTrack track in _tracks)
        {
            track.Active = false;
        }
    }

    /// <summary>Writes every track's id and region into <paramref name="regions"/>.</summary>
    public void FillRegions(FaceRegions regions)
    {
        regions.Clear();
        foreach (FaceTrack track in _tracks)
        {
            if (track.Active)
            {
                regions.Add(track.Id, track.Region);
            }
        }
    }

    public FaceTrack? Find(int id)
    {
        foreach (FaceTrack track in _tracks)
        {
            if (track.Active && track.Id == id)
            {
                return track;
            }
        }

        return null;
    }

    /// <summary>Moves a track's region to its landmarks: centred on the mesh, same size, turned by the eyes when tilted.</summary>
    public static void Follow(FaceTrack track, ReadOnlySpan<float> points, float alignAbove)
    {
        FaceBox bounds = FaceGeometry.Bounds(points);
        float angle = FaceGeometry.EyeLineAngle(points);
        track.Region = new ImageRegion(bounds.CenterX, bounds.CenterY, track.Region.Width, track.Region.Height, MathF.Abs(angle) > alignAbove ? angle : 0f);
    }

    private float Aligned(float angle) => MathF.Abs(angle) > _options.AlignAbove ? angle : 0f;

    private static FaceBox Box(ImageRegion region) => new(region.Left, region.Top, region.Width, region.Height);

    private int NextId()
    {
        int id = _nextId;
        _nextId = _nextId == int.MaxValue ? 0 : _nextId + 1;
        return id;
    }
}
