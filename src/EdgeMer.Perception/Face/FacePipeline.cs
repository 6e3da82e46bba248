using System.Diagnostics;
using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>
/// The face pipeline run stage after stage on one thread (<see cref="Process(ImageView, TimeSpan, long)"/>):
/// detect (when due, or when no face is followed), follow the faces, landmarks and iris on every frame,
/// emotion when due (or when a face has none yet), then the eyes, mouth, head pose, quality and one
/// <see cref="Observation"/> per face. Each stage sits in a <see cref="StageRunner{TInput, TOutput}"/>,
/// so a scheduler can instead run detection and emotion on threads of their own beside the landmarks
/// (<see cref="Follow"/>): neither needs the landmarks of the frame it reads, only the regions the
/// tracks had, so their readings join the tracks at the next frame the landmark stage reads. In
/// steady state nothing is allocated per frame.
/// </summary>
public sealed class FacePipeline : IDisposable
{
    private readonly FaceModels _models;
    private readonly FacePipelineOptions _options;
    private readonly FaceDetector _detector;
    private readonly FaceLandmarker _landmarker;
    private readonly FaceEmotionClassifier _classifier;
    private readonly FaceTracker _tracker;
    private readonly FaceRegions _regions;
    private readonly FaceDetections _detections;
    private readonly FaceLandmarks _landmarks;
    private readonly FaceEmotions _emotions;
    private readonly FaceFrameResult _result;
    private (int Width, int Height) _frameSize;

    public FacePipeline(FaceModels models, FacePipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        options ??= new FacePipelineOptions();
        options.Validate();
        _models = models;
        _options = options;
        _detector = new FaceDetector(models.Detector, options);
        _landmarker = new FaceLandmarker(models.Mesh, models.Iris, options);
        _classifier = new FaceEmotionClassifier(models.Emotion, options, models.Mesh.Input.Width);
        _tracker = new FaceTracker(options);
        _regions = new FaceRegions(options.MaxFaces);
        _detections = _detector.CreateOutput();
        _landmarks = _landmarker.CreateOutput();
        _emotions = _classifier.CreateOutput();
        _result = new FaceFrameResult(options.MaxFaces);
        Detection = new StageRunner<FaceFrame, FaceDetections>(_detector, options.DetectionInterval);
        Landmarks = new StageRunner<FaceFrame, FaceLandmarks>(_landmarker, TimeSpan.Zero);
        Emotion = new StageRunner<FaceFrame, FaceEmotions>(_classifier, options.EmotionInterval);
    }

    public FacePipelineOptions Options => _options;

    public StageRunner<FaceFrame, FaceDetections> Detection { get; }

    public StageRunner<FaceFrame, FaceLandmarks> Landmarks { get; }

    public StageRunner<FaceFrame, FaceEmotions> Emotion { get; }

    /// <summary>The detector's last output (the faces it found, before tracking).</summary>
    public FaceDetections LastDetections => _detections;

    /// <summary>The landmark stage's last output (a FaceMesh run per face, an Iris run per valid one).</summary>
    public FaceLandmarks LastLandmarks => _landmarks;

    /// <summary>Forgets every face followed so far: the next frame is a different scene (another photograph), so its faces get new tracks.</summary>
    public void Reset() => _tracker.Clear();

    /// <summary>No face is followed: a detector on its own thread should run on the next frame whether due or not (the landmark stage has nothing to read).</summary>
    public bool NeedsDetection => _tracker.Count == 0;

    /// <summary>A followed face has no emotion reading yet: an emotion stage on its own thread should run on the next frame whether due or not.</summary>
    public bool NeedsEmotion { get; private set; }

    /// <summary>A new output for <see cref="Detection"/> run on another thread (one per buffer the scheduler hands over).</summary>
    public FaceDetections CreateDetections() => _detector.CreateOutput();

    /// <summary>A new output for <see cref="Emotion"/> run on another thread.</summary>
    public FaceEmotions CreateEmotions() => _classifier.CreateOutput();

    /// <summary>A second landmark stage over the same models, for another thread to read a share of each frame's faces (<see cref="IFaceLandmarkShare"/>); the caller disposes it.</summary>
    public FaceLandmarker CreateLandmarkShare() => new(_models.Mesh, _models.Iris, _options);

    /// <summary>Writes the regions the followed faces will be cropped at in the next frame (for an emotion stage on another thread).</summary>
    public void CopyRegions(FaceRegions regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        _tracker.FillRegions(regions);
    }

    /// <summary>Reads the faces in a captured frame (the caller holds it during the call).</summary>
    public FaceFrameResult Process(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Process(ImageView.Of(frame), frame.CaptureTime, frame.Sequence);
    }

    /// <summary>
    /// Reads the faces in <paramref name="image"/>, captured at <paramref name="captureTime"/>. The result
    /// is reused: it holds this frame's readings until the next call.
    /// </summary>
    public FaceFrameResult Process(ImageView image, TimeSpan captureTime, long sequence)
    {
        var frame = new FaceFrame(image, captureTime, sequence, _regions);
        FollowSize(image);
        _result.Detected = Detection.TryRun(in frame, _detections, captureTime, force: _tracker.Count == 0);
        long start = Stopwatch.GetTimestamp();
        if (_result.Detected)
        {
            _tracker.Update(_detections);
        }

        _tracker.FillRegions(_regions);
        bool emotionMissing = EmotionMissing();
        long tracking = Stopwatch.GetTimestamp() - start;
        Landmarks.TryRun(in frame, _landmarks, captureTime);
        _result.EmotionsRan = _options.ReadEmotions && Emotion.TryRun(in frame, _emotions, captureTime, force: emotionMissing);
        start = Stopwatch.GetTimestamp();
        Read(captureTime, sequence, image.Width, image.Height, _result.EmotionsRan ? _emotions : null);
        NeedsEmotion = _options.ReadEmotions && _tracker.AnyWithoutEmotion();
        _result.PostprocessTicks = tracking + (Stopwatch.GetTimestamp() - start);
        return _result;
    }

    /// <summary>
    /// The landmark stage's part when detection and emotion run on threads of their own: the faces
    /// <paramref name="detected"/> (a detector run on this or an earlier frame, null when none came
    /// since the last call) join the tracks, the readings in <paramref name="emotions"/> (likewise)
    /// join their tracks, then landmarks and iris run on every followed face and each face's
    /// observation is made, stamped with <paramref name="captureTime"/>. A detector run on a frame of
    /// another size than <paramref name="image"/> is ignored (the capture size changed between them).
    /// </summary>
    /// <param name="share">Another thread reading every second face beside this call, or null to read them all here.</param>
    public FaceFrameResult Follow(ImageView image, TimeSpan captureTime, long sequence, FaceDetections? detected, FaceEmotions? emotions, IFaceLandmarkShare? share = null)
    {
        var frame = new FaceFrame(image, captureTime, sequence, _regions);
        FollowSize(image);
        long start = Stopwatch.GetTimestamp();
        _result.Detected = detected is not null && detected.ImageSize == (image.Width, image.Height);
        if (_result.Detected)
        {
            _tracker.Update(detected!);
        }

        _tracker.FillRegions(_regions);
        long tracking = Stopwatch.GetTimestamp() - start;
        if (share is not null && _regions.Count > 1)
        {
            _landmarks.Count = Math.Min(_regions.Count, _landmarks.Capacity);
            share.Start(_regions, _landmarks);
            try
            {
                _landmarker.RunShare(in frame, _landmarks, 0, 2);
            }
            finally
            {
                share.Finish();
            }
        }
        else
        {
            Landmarks.TryRun(in frame, _landmarks, captureTime);
        }

        _result.EmotionsRan = _options.ReadEmotions && emotions is not null;
        start = Stopwatch.GetTimestamp();
        Read(captureTime, sequence, image.Width, image.Height, _result.EmotionsRan ? emotions : null);
        NeedsEmotion = _options.ReadEmotions && _tracker.AnyWithoutEmotion();
        _result.PostprocessTicks = tracking + (Stopwatch.GetTimestamp() - start);
        return _result;
    }

    // Regions are in the pixels of the frame they were found in: frames of another size (the capture
    // scaled by the degradation ladder) start the tracks afresh.
    private void FollowSize(ImageView image)
    {
        if ((image.Width, image.Height) != _frameSize)
        {
            _tracker.Clear();
            _frameSize = (image.Width, image.Height);
        }
    }

    private bool EmotionMissing()
    {
        bool missing = false;
        foreach (int id in _regions.TrackIds)
        {
            missing |= _tracker.Find(id)?.Emotion is null;
        }

        return missing;
    }

    private void Read(TimeSpan captureTime, long sequence, int width, int height, FaceEmotions? emotions)
    {
        _result.CaptureTime = captureTime;
        _result.Sequence = sequence;
        _result.Width = width;
        _result.Height = height;
        if (emotions is not null)
        {
            for (int i = 0; i < emotions.Count; i++)
            {
                if (_tracker.Find(emotions.TrackId(i)) is { } track)
                {
                    track.Emotion = emotions.Distribution(i);
                    track.Sharpness = emotions.Sharpness(i);
                }
            }
        }

        int count = 0;
        for (int i = 0; i < _landmarks.Count; i++)
        {
            FaceTrack? track = _tracker.Find(_landmarks.TrackId(i));
            if (track is null)
            {
                continue;
            }

            if (!_landmarks.IsValid(i))
            {
                // FaceMesh sees no face where the track was: the face is gone (or was never one).
                track.Active = false;
                continue;
            }

            ReadOnlySpan<float> points = _landmarks.Points(i);
            FaceReading reading = _result.Slot(count++);
            points.CopyTo(reading.WritableLandmarks);
            reading.TrackId = track.Id;
            reading.Box = FaceGeometry.Bounds(points);
            reading.DetectionScore = track.DetectionScore;
            reading.MeshScore = _landmarks.Score(i);
            reading.RightEyeAspectRatio = FaceGeometry.EyeAspectRatio(points, rightEye: true);
            reading.LeftEyeAspectRatio = FaceGeometry.EyeAspectRatio(points, rightEye: false);
            reading.Pose = FaceGeometry.HeadPose(points);
            float openness = track.States.Openness((reading.RightEyeAspectRatio + reading.LeftEyeAspectRatio) / 2);
            reading.State = track.States.Update(captureTime, openness, FaceGeometry.MouthOpening(points), reading.Pose);
            reading.ModelEmotions = track.Emotion;
            reading.Sharpness = track.Sharpness;
            // Sharpness is measured on the emotion crop; without the emotion stage it is not known.
            reading.Quality = FaceQuality.Of(reading.Box.Width, _options.ReadEmotions ? track.Sharpness : float.NaN, reading.MeshScore);
            reading.Observation = Observe(reading, captureTime);
            FaceTracker.Follow(track, points, _options.AlignAbove);
            reading.Region = track.Region;
        }

        _result.Count = count;
    }

    private Observation Observe(FaceReading reading, TimeSpan captureTime)
    {
        EmotionDistribution? emotions = null;
        ValenceArousal? affect = null;
        if (reading.ModelEmotions is { } model)
        {
            // A poor face gives a weak distribution, not a confident wrong one: mix towards uniform by
            // what quality lacks (the most likely label stays the most likely).
            Span<float> tempered = stackalloc float[EmotionLabels.Count];
            ReadOnlySpan<float> p = model.AsSpan();
            for (int k = 0; k < tempered.Length; k++)
            {
                tempered[k] = (reading.Quality * p[k]) + ((1 - reading.Quality) / EmotionLabels.Count);
            }

            emotions = EmotionDistribution.Normalize(tempered);
            affect = _models.Emotion.Description.ExpectedAffect(emotions.Value);
        }

        FaceStateReading state = reading.State;
        HeadPose pose = reading.Pose;
        var states = new ModalityStates(
            eyeOpenness: state.EyeOpenness,
            eyesClosed: state.EyesClosed ? 1f : 0f,
            yawning: state.Yawning ? 1f : Math.Clamp(state.MouthOpening / _options.States.YawnOpening, 0f, 1f) * 0.5f,
            headYawDegrees: Math.Clamp(pose.YawDegrees, -ModalityStates.MaxHeadAngleDegrees, ModalityStates.MaxHeadAngleDegrees),
            headPitchDegrees: Math.Clamp(pose.PitchDegrees, -ModalityStates.MaxHeadAngleDegrees, ModalityStates.MaxHeadAngleDegrees),
            headRollDegrees: Math.Clamp(pose.RollDegrees, -ModalityStates.MaxHeadAngleDegrees, ModalityStates.MaxHeadAngleDegrees),
            lookingAway: state.EyesOffRoad ? 1f : 0f,
            perclos: state.Perclos,
            blinksPerMinute: Math.Min(state.BlinksPerMinute, ModalityStates.MaxPerMinute),
            yawnsPerMinute: Math.Min(state.YawnsPerMinute, ModalityStates.MaxPerMinute),
            eyesClosedSeconds: Math.Min(state.EyesClosedSeconds, ModalityStates.MaxEpisodeSeconds),
            eyesOffRoadSeconds: Math.Min(state.EyesOffRoadSeconds, ModalityStates.MaxEpisodeSeconds));
        return new Observation(Modality.Face, CaptureWindow.At(captureTime), reading.Quality, emotions, affect, states, reading.TrackId);
    }

    public void Dispose()
    {
        _detector.Dispose();
        _landmarker.Dispose();
        _classifier.Dispose();
    }
}
