using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using EdgeMer.Capture;
using EdgeMer.Imaging;
using EdgeMer.Perception.Face;
using EdgeMer.Platform;
using EdgeMer.Scheduling;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// The face stages on threads of their own, where the profile's core budget allows more than one core:
/// detection and emotion each take the newest frame from a latest-wins slot of their own and run when
/// due, beside the landmark stage (the <c>face</c> stage), which takes the newest frame, joins whatever
/// faces and emotion readings the other two handed over since its last frame (each stamped with the
/// capture time of the frame it came from), runs landmarks and iris on every followed face (the odd-numbered
/// faces on a second thread, <see cref="LandmarkShare"/>) and hands the observations to the fuser.
/// Neither detection nor emotion needs the landmarks of the frame it reads,
/// so neither waits for the other: a frame's capture-to-observation latency is the landmark stage's
/// alone, not the three stages' sum. Their outputs pass in latest-wins slots too (a detector run
/// replaced before the landmark stage took it is dropped and counted), over a few buffers reused.
/// </summary>
public sealed partial class SensingService
{
    // Each held for one run of its stage, so a model swap waits for all three (face first, then these).
    private readonly Lock _detectGate = new();
    private readonly Lock _emotionGate = new();
    private readonly Lock _regionsGate = new();
    private readonly ConcurrentQueue<FaceDetections> _spareDetections = new();
    private readonly ConcurrentQueue<FaceEmotions> _spareEmotions = new();
    private LatestSlot<Frame>? _detectFrames;
    private LatestSlot<Frame>? _emotionFrames;
    private LatestSlot<FaceDetections>? _detected;
    private LatestSlot<FaceEmotions>? _emotionsRead;
    private FaceRegions? _nextRegions;
    private (int Width, int Height) _nextRegionsSize;
    private StageThread<Frame>? _detectStage;
    private StageThread<Frame>? _emotionStage;

    // The faces' places for the emotion stage's run, copied from the landmark stage's (its thread only).
    private FaceRegions? _emotionRegions;
    private volatile bool _needsDetection = true;
    private volatile bool _needsEmotion;
    private LandmarkShare? _landmarkShare;

    /// <summary>Whether detection and emotion run on threads of their own beside the landmark stage.</summary>
    private bool SplitFaceStages => _detectFrames is not null;

    /// <summary>
    /// Whether a profile's core budget lets the face stages run on threads of their own: with one core
    /// they would only take turns on it, so one thread runs them in order.
    /// </summary>
    internal static bool SplitsFaceStages(int maxCores) => maxCores >= 2;

    /// <summary>Starts the landmark stage's second thread and the detection and emotion threads (emotion only where the purpose allows reading emotions); their meters are added to <paramref name="meters"/>.</summary>
    private void StartFaceStageThreads(List<StageMeter> meters, bool readEmotions)
    {
        _landmarkShare = new LandmarkShare(_pipeline!.CreateLandmarkShare());
        _detectFrames = new LatestSlot<Frame>(frame => frame.Release());
        _detected = new LatestSlot<FaceDetections>(_spareDetections.Enqueue);
        _nextRegions = new FaceRegions(_pipeline!.Options.MaxFaces);
        var detect = new StageMeter("face.detect", _time);
        meters.Add(detect);
        _detectStage = new StageThread<Frame>(_detectFrames, detect, Detect, FaceStageFailed, _detectGate, _detected);
        if (readEmotions)
        {
            _emotionFrames = new LatestSlot<Frame>(frame => frame.Release());
            _emotionsRead = new LatestSlot<FaceEmotions>(_spareEmotions.Enqueue);
            _emotionRegions = new FaceRegions(_nextRegions.Capacity);
            var emotion = new StageMeter("face.emotion", _time);
            meters.Add(emotion);
            _emotionStage = new StageThread<Frame>(_emotionFrames, emotion, ReadEmotions, FaceStageFailed, _emotionGate, _emotionsRead);
        }
    }

    private void FaceStageFailed(Exception e) => LogFaceFailed(_logger, new LogText(e.Message));

    /// <summary>Hands a captured frame to the detection and emotion threads.</summary>
    private void OfferToFaceStages(Frame frame)
    {
        _detectFrames?.Put(frame.Retain());
        _emotionFrames?.Put(frame.Retain());
    }

    private void CloseFaceStages()
    {
        _detectStage?.Stop();
        _emotionStage?.Stop();
    }

    private void JoinFaceStages(TimeSpan? limit)
    {
        _landmarkShare?.Stop(limit);
        _detectStage?.Join(limit);
        _emotionStage?.Join(limit);
    }

    private void DisposeFaceStages()
    {
        _landmarkShare?.Dispose();
        _detected?.Dispose();
        _emotionsRead?.Dispose();
        _detectFrames?.Dispose();
        _emotionFrames?.Dispose();
    }

    /// <summary>The landmark stage's frame when detection and emotion run apart: what they handed over joins the tracks, then landmarks.</summary>
    private FaceFrameResult FollowFaces(Frame frame)
    {
        FaceDetections? detected = null;
        FaceEmotions? emotions = null;
        try
        {
            _detected!.TryTake(out detected);
            _emotionsRead?.TryTake(out emotions);
            _landmarkShare!.Frame = frame;
            FaceFrameResult result = _pipeline!.Follow(ImageView.Of(frame), frame.CaptureTime, frame.Sequence, detected, emotions, _landmarkShare);
            lock (_regionsGate)
            {
                _pipeline.CopyRegions(_nextRegions!);
                _nextRegionsSize = (frame.Width, frame.Height);
            }

            _needsDetection = _pipeline.NeedsDetection;
            _needsEmotion = _pipeline.NeedsEmotion;
            return result;
        }
        finally
        {
            if (detected is not null)
            {
                _spareDetections.Enqueue(detected);
            }

            if (emotions is not null)
            {
                _spareEmotions.Enqueue(emotions);
            }
        }
    }

    /// <summary>Detection on its own thread: the newest frame, when due (or when no face is followed), its faces handed to the landmark stage.</summary>
    private bool Detect(Frame frame)
    {
        FacePipeline pipeline = _pipeline!;
        bool force = _needsDetection;
        if (!force && !pipeline.Detection.IsDue(frame.CaptureTime))
        {
            return false;
        }

        FaceDetections output = _spareDetections.TryDequeue(out FaceDetections? spare) ? spare : pipeline.CreateDetections();
        pipeline.Detection.TryRun(new FaceFrame(ImageView.Of(frame), frame.CaptureTime, frame.Sequence), output, frame.CaptureTime, force);
        _detected!.Put(output);
        return true;
    }

    /// <summary>Emotion on its own thread: the newest frame, when due (or when a face has no reading yet), cropped where the landmark stage last placed the faces.</summary>
    private bool ReadEmotions(Frame frame)
    {
        FacePipeline pipeline = _pipeline!;
        bool force = _needsEmotion;
        if (!force && !pipeline.Emotion.IsDue(frame.CaptureTime))
        {
            return false;
        }

        FaceRegions regions = _emotionRegions!;
        CopyNextRegions(regions, frame);
        if (regions.Count == 0)
        {
            return false;
        }

        FaceEmotions output = _spareEmotions.TryDequeue(out FaceEmotions? spare) ? spare : pipeline.CreateEmotions();
        pipeline.Emotion.TryRun(new FaceFrame(ImageView.Of(frame), frame.CaptureTime, frame.Sequence, regions), output, frame.CaptureTime, force);
        _emotionsRead!.Put(output);
        return true;
    }

    // The regions are in the pixels of the frame the landmark stage read: none for a frame of another size.
    private void CopyNextRegions(FaceRegions into, Frame frame)
    {
        into.Clear();
        lock (_regionsGate)
        {
            if (_nextRegionsSize != (frame.Width, frame.Height))
            {
                return;
            }

            ReadOnlySpan<int> ids = _nextRegions!.TrackIds;
            ReadOnlySpan<ImageRegion> regions = _nextRegions.Regions;
            for (int i = 0; i < ids.Length; i++)
            {
                into.Add(ids[i], regions[i]);
            }
        }
    }

    /// <summary>
    /// The landmark stage's second thread: while the face stage reads the even-numbered faces of a
    /// frame, it reads the odd-numbered ones into the same output with a landmarker of its own, so a
    /// frame with several faces takes about half as long on two cores. It runs only inside the face
    /// stage's frame (under its lock), so a model swap replaces its landmarker between frames.
    /// </summary>
    private sealed class LandmarkShare : IFaceLandmarkShare, IDisposable
    {
        private readonly SemaphoreSlim _go = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private readonly Thread _thread;
        private FaceLandmarker _landmarker;
        private FaceRegions? _regions;
        private FaceLandmarks? _output;
        private Exception? _failure;
        private volatile bool _stopping;
        private bool _disposed;

        public LandmarkShare(FaceLandmarker landmarker)
        {
            _landmarker = landmarker;
            _thread = new Thread(Run) { Name = "edgemer face.landmarks", IsBackground = true };
            _thread.Start();
        }

        /// <summary>The frame the face stage reads now (it holds it for the call).</summary>
        public Frame? Frame { get; set; }

        public void Start(FaceRegions regions, FaceLandmarks landmarks)
        {
            _regions = regions;
            _output = landmarks;
            _go.Release();
        }

        public void Finish()
        {
            _done.Wait();
            if (_failure is { } failure)
            {
                _failure = null;
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        /// <summary>Takes a new pipeline's landmarker (between frames: the face stage's lock is held); the old one is disposed.</summary>
        public void Replace(FaceLandmarker landmarker)
        {
            FaceLandmarker old = _landmarker;
            _landmarker = landmarker;
            old.Dispose();
        }

        private void Run()
        {
            while (true)
            {
                _go.Wait();
                if (_stopping)
                {
                    return;
                }

                try
                {
                    Frame frame = Frame!;
                    _landmarker.RunShare(new FaceFrame(ImageView.Of(frame), frame.CaptureTime, frame.Sequence, _regions), _output!, 1, 2);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Thrown again on the face stage's thread, which logs it and skips the frame.
                    _failure = e;
                }
                finally
                {
                    _done.Release();
                }
            }
        }

        public void Stop(TimeSpan? limit)
        {
            // The service is disposed once for each way it is registered.
            if (_disposed)
            {
                return;
            }

            _stopping = true;
            _go.Release();
            if (limit is { } wait)
            {
                _thread.Join(wait);
            }
            else
            {
                _thread.Join();
            }
        }

        public void Dispose()
        {
            Stop(TimeSpan.FromSeconds(30));
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _landmarker.Dispose();
            _go.Dispose();
            _done.Dispose();
        }
    }
}
