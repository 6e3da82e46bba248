using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Devices;
using EdgeMer.Fusion;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Imaging;
using EdgeMer.Perception;
using EdgeMer.Perception.Body;
using EdgeMer.Perception.Face;
using EdgeMer.Perception.Voice;
using EdgeMer.Platform;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// Turns the configured camera or video and microphone or sound into summaries and alerts, each part
/// on its own thread: video capture delivers frames into a latest-wins slot (a frame the face stage
/// has not taken when the next arrives is dropped and counted, so the face stage always works on the
/// newest frame); the face stage runs the face pipeline and hands each face's observation to the
/// fuser; the sound's own reader thread runs the voice pipeline on every chunk (voice activity is a
/// stream: no chunk may be skipped) and hands each speech segment's observation over; fusion makes the
/// summaries every <see cref="SensingOptions.SummaryInterval"/> and publishes them through
/// <see cref="ISummarySink"/>. A source that fails is reported lost (one sensor alert), its modality
/// drops out of the summaries, and it is opened again after <see cref="SensingOptions.RestartAfter"/>;
/// everything else keeps running. While the privacy switch is paused the sources are stopped. On
/// shutdown, fusion publishes one last summary.
/// </summary>
public sealed partial class SensingService : IHostedService, IDisposable
{
    private readonly ActiveSetup _setup;
    private readonly ISummarySink _sink;
    private readonly IPrivacySwitch _privacy;
    private readonly StageMonitor _monitor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _fusionStopping = new();
    private readonly long[] _lastDelivery = new long[Modalities.Count];
    private readonly Lock _fuserGate = new();
    private readonly SemaphoreSlim _resumed = new(0);

    // Held by each stage for the whole of one frame (or chunk), so new models are swapped in between
    // two of them, never under one; uncontended except at a swap.
    private readonly Lock _faceGate = new();
    private readonly Lock _bodyGate = new();
    private readonly Lock _voiceGate = new();
    private RuntimeSetup? _modelsFrom;
    private string? _swapProblem;
    private Degradation _degradation;
    private static readonly TimeSpan s_evaluationPeriod = TimeSpan.FromSeconds(1);

    private FaceModels? _models;
    private FacePipeline? _pipeline;
    private Fuser? _fuser;
    private CaptureClock? _clock;
    private LatestSlot<Frame>? _frames;
    private readonly FramePools _videoFrames = new();
    private readonly AudioChunkPools _audioChunks = new();
    private StageMeter[] _meters = [];
    private StageMeter? _latency;
    private BudgetKeeper? _budget;
    private readonly CancellationTokenSource?[] _runs = new CancellationTokenSource?[Modalities.Count];
    private SileroVoiceActivityModel? _vad;
    private PoseModel? _poseModel;
    private BodyPipeline? _body;
    private FaceBodyMatcher? _matcher;
    private LatestSlot<Frame>? _bodyFrames;
    private StageThread<Frame>? _bodyStage;
    private volatile bool _bodyPaused;
    private VoicePipeline? _voice;
    private Task _capture = Task.CompletedTask;
    private Task _listening = Task.CompletedTask;
    private Task _skeletonReading = Task.CompletedTask;
    private BodyTracker? _skeletons;
    private Task _fusing = Task.CompletedTask;
    private Task _rungSwap = Task.CompletedTask;

    // Whether the ladder has the lighter-models rung (the profile names lighter variants, all built).
    private bool _lighterRung;

    // The smaller-input rung: the video source opened at half its width and height while the ladder is
    // on or below it; where a file had got to, so that reopening it goes on from there.
    private bool _smallerRung;
    private volatile bool _halfSize;
    private TimeSpan _videoPosition;
    private int _faceFrameWidth;
    private int _disposed;

    /// <summary>The width of the last frame the face stage read (0 before the first).</summary>
    internal int FaceFrameWidth => Volatile.Read(ref _faceFrameWidth);
    private StageThread<Frame>? _faceStage;

    // The face stage's last result, from its timed run to its hand-over (the face stage's thread only).
    private FaceFrameResult? _faceResult;

    public SensingService(
        ActiveSetup setup,
        ISummarySink sink,
        IPrivacySwitch privacy,
        StageMonitor monitor,
        TimeProvider time,
        ILogger<SensingService> logger)
    {
        _setup = setup;
        _sink = sink;
        _privacy = privacy;
        _monitor = monitor;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether a source is configured and the stages run.</summary>
    public bool IsSensing => _fuser is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RuntimeSetup setup = _setup.Current;
        SensingOptions options = setup.Sensing;

        // Configured sources first; a key not set falls back to the profile's device, an empty one means none.
        DeviceSources? profiled = setup.Profile.Sources;
        string? video = Chosen(options.Video, profiled?.Video);
        string? audio = Chosen(options.Audio, profiled?.Audio);
        string? skeletons = Chosen(options.Skeletons, profiled?.Skeletons);
        if (video is null && audio is null && skeletons is null)
        {
            LogNoSource(_logger, SensingOptions.Section);
            return Task.CompletedTask;
        }

        CheckExists(video, VideoSources.IsCamera, "Video");
        CheckExists(audio, AudioSources.IsMicrophone, "Audio");
        CheckExists(skeletons, SkeletonSources.IsEndpoint, "Skeletons");
        _fuser = new Fuser(setup.Fusion.ToOptions(setup.Profile.Purpose));
        _clock = new CaptureClock(_time);
        var fusion = new StageMeter("fusion", _time);
        var meters = new List<StageMeter>();
        _variantOf = setup.Profile.Inference.VariantOf;
        try
        {
            if (video is not null)
            {
                _models = FaceModels.Load(setup.Environment, setup.Catalog, setup.Store, setup.SessionOptions, setup.Profile.Inference.VariantOf);
                // Where the purpose forbids inferring emotions, the emotion model does not run at all.
                _pipeline = new FacePipeline(_models, new FacePipelineOptions { ReadEmotions = PurposePolicy.AllowsEmotions(setup.Profile.Purpose) });
                if (options.Body && skeletons is null)
                {
                    string poseId = setup.Profile.Inference.BodyPoseModelId;
                    _poseModel = PoseModel.Load(setup.Environment, setup.Catalog, setup.Store, setup.SessionOptions, setup.Profile.Inference.VariantOf(poseId), poseId);
                    _body = new BodyPipeline(_poseModel, new BodyTrackingOptions { InferAffect = PurposePolicy.AllowsEmotions(setup.Profile.Purpose) });
                    _matcher = new FaceBodyMatcher(_pipeline.Options.MaxFaces);
                }
            }

            if (skeletons is not null)
            {
                _skeletons = new BodyTracker(new BodyTrackingOptions { InferAffect = PurposePolicy.AllowsEmotions(setup.Profile.Purpose) });
                _matcher ??= _pipeline is null ? null : new FaceBodyMatcher(_pipeline.Options.MaxFaces);
            }

            if (audio is not null)
            {
                _vad = SileroVoiceActivityModel.Load(setup.Environment, setup.Catalog, setup.Store, setup.SessionOptions, setup.Profile.Inference.VariantOf(SileroVoiceActivityModel.CatalogId));
                _voice = new VoicePipeline(_vad, new FuserFeed(this), inferAffect: PurposePolicy.AllowsEmotions(setup.Profile.Purpose));
            }
        }
        catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            throw new RuntimeConfigurationException($"{SensingOptions.Section}: the models it needs did not load: {e.Message}", e);
        }

        _modelsFrom = setup;
        ReleaseModelFiles();
        _settings = options;
        RememberSources(video, audio, skeletons);
        _setup.Replaced += OnSetupReplaced;
        _setup.Replaced += OnSettingsReplaced;
        _privacy.StateChanged += OnPrivacyChanged;
        if (video is not null)
        {
            _frames = new LatestSlot<Frame>(frame => frame.Release());
            var capture = new StageMeter("capture", _time);
            var face = new StageMeter("face", _time, deadline: TimeSpan.FromMilliseconds(setup.Profile.Budget.CaptureToSummaryMs));
            _latency = new StageMeter("face.latency", _time, deadline: TimeSpan.FromMilliseconds(setup.Profile.Budget.CaptureToSummaryMs));
            meters.AddRange([capture, face]);
            if (SplitsFaceStages(setup.Profile.Budget.MaxCores))
            {
                StartFaceStageThreads(meters, _pipeline!.Options.ReadEmotions);
            }

            meters.Add(_latency);
            // Open to a device: lowering the face stages' rates, the profile's lighter model variants
            // where it names built ones, frames at half the size where the source can give them (a camera
            // or a video file), and pausing the body (the lowest-priority modality) when it runs.
            var rungs = new List<Degradation> { Degradation.LowerRates };
            if (LighterVariantsMissing(setup) is { } missing)
            {
                LogNoLighterRung(_logger, new LogText(missing));
            }
            else
            {
                rungs.Add(Degradation.LighterModels);
                _lighterRung = true;
            }

            if (VideoSources.CanHalve(video))
            {
                rungs.Add(Degradation.SmallerInput);
                _smallerRung = true;
            }

            if (_body is not null)
            {
                rungs.Add(Degradation.PauseModality);
            }

            var ladder = new DegradationLadder(TimeSpan.FromMilliseconds(setup.Profile.Budget.CaptureToSummaryMs), rungs);
            _budget = new BudgetKeeper(_latency, ladder, s_evaluationPeriod, window: 5 * s_evaluationPeriod);
            _monitor.Degradation = ladder.Level;
            _faceStage = new StageThread<Frame>(_frames, face, FollowFacesIn, FaceStageFailed, _faceGate, handOver: ObserveFaces);
            if (_body is not null)
            {
                _bodyFrames = new LatestSlot<Frame>(frame => frame.Release());
                var body = new StageMeter("body", _time, deadline: TimeSpan.FromMilliseconds(setup.Profile.Budget.CaptureToSummaryMs));
                meters.Add(body);
                _bodyStage = new StageThread<Frame>(_bodyFrames, body, ReadBody, e => LogBodyFailed(_logger, new LogText(e.Message)), _bodyGate, handOver: ObserveBodies);
            }

            _capture = Keep(Modality.Face, token => CaptureOnceAsync(video, capture, token), SourceLifetime(Modality.Face));
        }

        if (audio is not null)
        {
            var listen = new StageMeter("voice", _time);
            meters.Add(listen);
            _listening = Keep(Modality.Voice, token => ListenOnceAsync(audio, listen, token), SourceLifetime(Modality.Voice));
        }

        if (skeletons is not null)
        {
            var skeleton = new StageMeter("body", _time);
            meters.Add(skeleton);
            _skeletonReading = Keep(Modality.Body, token => ReadSkeletonsOnceAsync(skeletons, skeleton, token), SourceLifetime(Modality.Body));
        }

        meters.Add(fusion);
        _meters = [.. meters];
        foreach (StageMeter meter in _meters)
        {
            _monitor.Add(meter);
        }

        _fusing = FuseAsync(options.SummaryInterval, fusion);
        LogModelsInUse(_logger, new LogText(ModelsInUse(setup, setup.Profile.Inference.VariantOf)));
        LogSensing(_logger, new LogText(video ?? "no video"), new LogText(audio ?? "no sound"), new LogText(skeletons ?? "no skeleton stream"), setup.Profile.Purpose, options.SummaryInterval.TotalMilliseconds);
        return Task.CompletedTask;
    }

    private static string? Chosen(string? configured, string? profiled) => (configured ?? profiled) is { Length: > 0 } source ? source : null;

    private static void CheckExists(string? source, Func<string, bool> isDevice, string key)
    {
        if (Missing(source, isDevice, key) is { } missing)
        {
            throw new RuntimeConfigurationException(missing);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_fuser is null)
        {
            return;
        }

        _privacy.StateChanged -= OnPrivacyChanged;
        _setup.Replaced -= OnSetupReplaced;
        _setup.Replaced -= OnSettingsReplaced;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _resumed.Release(Modalities.Count);
        try
        {
            // The sources first (the voice pipeline flushes its last segment as its source stops)...
            await Task.WhenAll(_capture, _listening, _skeletonReading).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            // ...then the face stage finishes its frame, and only then does fusion make its last summary.
            _frames?.Close();
            CloseFaceStages();
            _bodyFrames?.Close();
            _faceStage?.Join();
            JoinFaceStages(null);
            _bodyStage?.Join();
            await _fusionStopping.CancelAsync().ConfigureAwait(false);
        }

        await _fusing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _rungSwap.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (StageMeter meter in _meters)
        {
            _monitor.Remove(meter);
        }

        _monitor.Degradation = null;
    }

    public void Dispose()
    {
        // The container disposes this once as itself and once as the hosted service it also is.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A stop that timed out may have left the face stage inside a model run: it must end before the sessions go.
        _frames?.Close();
        CloseFaceStages();
        _bodyFrames?.Close();
        _faceStage?.Join(TimeSpan.FromSeconds(30));
        JoinFaceStages(TimeSpan.FromSeconds(30));
        _bodyStage?.Join(TimeSpan.FromSeconds(30));
        DisposeFaceStages();
        _pipeline?.Dispose();
        _body?.Dispose();
        _poseModel?.Dispose();
        _bodyFrames?.Dispose();
        _models?.Dispose();
        _vad?.Dispose();
        _frames?.Dispose();
        _stopping.Dispose();
        _fusionStopping.Dispose();
        _resumed.Dispose();
    }

    private void OnPrivacyChanged(object? sender, PrivacyState state)
    {
        if (state == PrivacyState.Paused)
        {
            // Capture stops at the sources: their runs are cancelled and their processes end.
            for (int m = 0; m < _runs.Length; m++)
            {
                CancelRun((Modality)m);
            }
        }
        else
        {
            _resumed.Release(Modalities.Count);
        }
    }

    private void CancelRun(Modality modality)
    {
        try
        {
            Volatile.Read(ref _runs[(int)modality])?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That run had just ended; the loop sees the pause (or the new size) before it opens the source again.
        }
    }

    /// <summary>
    /// Keeps one modality's source running: opens it (through <paramref name="runOnce"/>, which returns
    /// the source's name when it ended by itself and throws naming it when it failed), reports it lost
    /// and reopens it after a failure, stops it while paused, plays a file again with
    /// <see cref="SensingOptions.Loop"/>, until the service stops or <paramref name="stopping"/> says
    /// the source is replaced (waits and looping as the settings in force say).
    /// </summary>
    private Task Keep(Modality modality, Func<CancellationToken, Task<string>> runOnce, CancellationToken stopping) =>
        Task.Factory.StartNew(
            async () =>
            {
                Volatile.Write(ref _lastDelivery[(int)modality], _time.GetTimestamp());
                while (!stopping.IsCancellationRequested)
                {
                    if (_privacy.State == PrivacyState.Paused)
                    {
                        await _resumed.WaitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        continue;
                    }

                    using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    Volatile.Write(ref _runs[(int)modality], run);
                    bool failed = false;
                    try
                    {
                        if (_privacy.State == PrivacyState.Paused)
                        {
                            continue;
                        }

                        long opened = _time.GetTimestamp();
                        string ended = await runOnce(run.Token).ConfigureAwait(false);
                        if (!run.IsCancellationRequested)
                        {
                            if (!Settings.Loop)
                            {
                                LogSourceEnded(_logger, new LogText(ended), modality);
                                return;
                            }

                            // A file that ends without delivering anything is not played again at once, over and over.
                            failed = Volatile.Read(ref _lastDelivery[(int)modality]) < opened;
                        }
                    }
                    catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && run.IsCancellationRequested))
                    {
                        // A source that failed (FrameSourceException, AudioSourceException) or a stage that
                        // threw on its thread: the modality is lost until it is back, nothing else stops.
                        failed = true;
                        LogSourceFailed(_logger, new LogText(e.Message), modality, Settings.RestartAfter.TotalSeconds);
                        lock (_fuserGate)
                        {
                            _fuser!.SourceLost(modality, _time.GetUtcNow(), _time.GetElapsedTime(Volatile.Read(ref _lastDelivery[(int)modality])));
                        }
                    }
                    finally
                    {
                        Volatile.Write(ref _runs[(int)modality], null);
                    }

                    if (failed)
                    {
                        await Task.Delay(Settings.RestartAfter, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();

    private async Task<string> CaptureOnceAsync(string video, StageMeter meter, CancellationToken cancellationToken)
    {
        bool delivered = false;
        TimeSpan start = _videoPosition;
        TimeSpan? first = null;
        using IFrameSource source = VideoSources.Open(video, _clock!, stillsPerSecond: 10, FramePoolCapacity, _halfSize, start, _videoFrames);
        await source.RunAsync(
            frame =>
            {
                if (!delivered)
                {
                    delivered = true;
                    Restored(Modality.Face);
                }

                first ??= frame.CaptureTime;
                _videoPosition = start + (frame.CaptureTime - first.Value);

                Volatile.Write(ref _lastDelivery[(int)Modality.Face], _time.GetTimestamp());
                meter.Record(meter.Start());
                _frames!.Put(frame.Retain());
                OfferToFaceStages(frame);
                _bodyFrames?.Put(frame.Retain());
            },
            cancellationToken).ConfigureAwait(false);
        if (!cancellationToken.IsCancellationRequested)
        {
            // The file ended: played again, it starts from the beginning.
            _videoPosition = TimeSpan.Zero;
        }

        return source.Name;
    }

    // One frame being filled and, for each stage taking frames, one waiting in its slot and one it holds.
    private int FramePoolCapacity => 1 + (2 * (1 + (_detectFrames is null ? 0 : 1) + (_emotionFrames is null ? 0 : 1) + (_bodyFrames is null ? 0 : 1)));

    /// <summary>The voice pipeline runs on the sound source's own thread, chunk by chunk, as the sound arrives.</summary>
    private async Task<string> ListenOnceAsync(string audio, StageMeter meter, CancellationToken cancellationToken)
    {
        bool delivered = false;
        using IAudioSource source = AudioSources.Open(audio, _clock!, _audioChunks);
        try
        {
            await source.RunAsync(
                chunk =>
                {
                    if (!delivered)
                    {
                        delivered = true;
                        Restored(Modality.Voice);
                    }

                    Volatile.Write(ref _lastDelivery[(int)Modality.Voice], _time.GetTimestamp());

                    long started = meter.Start();
                    lock (_voiceGate)
                    {
                        _voice!.Push(chunk);
                    }

                    meter.Record(started);
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The sound ended or stopped: a segment still open is analysed, and the next run starts a fresh stream.
            lock (_voiceGate)
            {
                _voice!.Flush();
            }
        }

        return source.Name;
    }

    private void Restored(Modality modality)
    {
        lock (_fuserGate)
        {
            _fuser!.SourceRestored(modality);
        }
    }

    private void Observe(in Observation observation)
    {
        lock (_fuserGate)
        {
            _fuser!.Observe(observation);
        }
    }

    /// <summary>Hands each speech segment's observation to the fuser.</summary>
    private sealed class FuserFeed(SensingService service) : IVoiceReadingHandler
    {
        public void OnReading(in VoiceReading reading) => service.Observe(reading.Observation);
    }

    /// <summary>
    /// Skeletons from a file or named pipe (paced by their own times, so a recording plays in real time)
    /// or from a ZeroMQ publisher, each through the skeleton tracker into the fuser, on this source's own
    /// thread. A line that is not a valid skeleton is logged, naming it, and skipped; the stream goes on.
    /// </summary>
    private async Task<string> ReadSkeletonsOnceAsync(string source, StageMeter meter, CancellationToken cancellationToken)
    {
        var pose = new BodyPose();
        bool delivered = false;
        void Take(SkeletonLine line)
        {
            if (!delivered)
            {
                delivered = true;
                Restored(Modality.Body);
            }

            Volatile.Write(ref _lastDelivery[(int)Modality.Body], _time.GetTimestamp());
            if (line.Ended)
            {
                _skeletons!.End(line.Track);
                return;
            }

            // Fusion and the face matching work on the capture clock: the skeleton is as new as its arrival.
            pose.CaptureTime = _clock!.Now;
            long started = meter.Start();
            BodyTrack? track = _skeletons!.Update(line.Track, pose);
            meter.Record(started);
            if (track is not null)
            {
                Observe(track.Observation.ForTrack(_matcher?.Match(track.Pose)));
            }
        }

        if (SkeletonSources.IsEndpoint(source))
        {
            SkeletonSources.Receive(source, pose, Take, e => LogSkeletonSkipped(_logger, new LogText(e.Message)), cancellationToken);
            return source;
        }

        using SkeletonStreamReader reader = SkeletonStreamReader.Open(source);
        long opened = _time.GetTimestamp();
        TimeSpan? first = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            SkeletonLine line;
            try
            {
                if (!reader.TryRead(pose, out line))
                {
                    break;
                }
            }
            catch (SkeletonStreamException e)
            {
                LogSkeletonSkipped(_logger, new LogText(e.Message));
                continue;
            }

            first ??= line.Time;
            TimeSpan wait = line.Time - first.Value - _time.GetElapsedTime(opened);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            Take(line);
        }

        return source;
    }

    /// <summary>
    /// The face stage's run on a frame (on its <see cref="StageThread{T}"/>, timed): the faces followed
    /// (or, with detection and emotion on threads of their own, tracked between their results).
    /// </summary>
    private bool FollowFacesIn(Frame frame)
    {
        _faceResult = SplitFaceStages ? FollowFaces(frame) : _pipeline!.Process(frame);
        Volatile.Write(ref _faceFrameWidth, frame.Width);
        return true;
    }

    /// <summary>After each face run, untimed: the frame's capture-to-observation latency, and each face's observation to the fuser.</summary>
    private void ObserveFaces(Frame frame)
    {
        FaceFrameResult result = _faceResult!;
        TimeSpan latency = _clock!.Now - frame.CaptureTime;
        _latency!.Record(latency > TimeSpan.Zero ? latency : TimeSpan.Zero);
        _matcher?.SetFaces(result);
        lock (_fuserGate)
        {
            for (int i = 0; i < result.Count; i++)
            {
                _fuser!.Observe(result[i].Observation);
            }
        }
    }

    /// <summary>
    /// The body stage's run on a frame (on its <see cref="StageThread{T}"/>): the pose, the track's gait and
    /// posture. A body whose head falls in a face the face stage read in a frame close by is that face's person
    /// (<see cref="FaceBodyMatcher"/>); a body without a face in view is the scene's (the fuser gives it to
    /// the one person in view when there is exactly one). Paused by the degradation ladder's last rung.
    /// </summary>
    private bool ReadBody(Frame frame)
    {
        if (_bodyPaused)
        {
            return false;
        }

        _body!.ProcessFrame(ImageView.Of(frame), frame.CaptureTime);
        return true;
    }

    /// <summary>After each body run, untimed: every person the pose model followed in the frame (several with MultiPose), each joined to the face its head is in.</summary>
    private void ObserveBodies(Frame frame)
    {
        foreach (BodyTrack track in _body!.Updated)
        {
            Observe(track.Observation.ForTrack(_matcher!.Match(track.Pose)));
        }
    }

    private async Task FuseAsync(TimeSpan interval, StageMeter meter)
    {
        using var timer = new PeriodicTimer(interval, _time);
        UseSummaryTimer(timer);
        try
        {
            while (await timer.WaitForNextTickAsync(_fusionStopping.Token).ConfigureAwait(false))
            {
                FuseSafely(SummaryInterval, meter);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last summary below, once the sources and the face stage are done.
        }

        FuseSafely(SummaryInterval, meter);
    }

    private void FuseSafely(TimeSpan interval, StageMeter meter)
    {
        try
        {
            FuseAndPublish(interval, meter);
            Degrade();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fusion that throws must not end the summaries for good; the next tick tries again.
            LogFusionFailed(_logger, new LogText(e.Message));
        }
    }

    private void FuseAndPublish(TimeSpan interval, StageMeter meter)
    {
        long started = meter.Start();
        DateTimeOffset end = _time.GetUtcNow();
        FusionResult result;
        lock (_fuserGate)
        {
            result = _fuser!.Fuse(_clock!.Now, new TimeWindow(end - interval, end));
        }

        foreach (Summary summary in result.Summaries)
        {
            _sink.TryPublish(summary);
        }

        foreach (Alert alert in result.Alerts)
        {
            _sink.TryPublish(alert);
        }

        meter.Record(started);
    }

    /// <summary>
    /// Once a second: the face stages' capture-to-observation p99 against the profile's budget moves
    /// the degradation ladder; past its last rung one over-budget alert goes out per episode.
    /// </summary>
    private void Degrade()
    {
        // While a rung's (or a reload's) models load, the ladder holds: the frames meanwhile wait on the
        // cores the loading takes, and the swap restarts the keeper once the models are in place.
        if (!_rungSwap.IsCompleted || Volatile.Read(ref _loadingModels) != 0 || _budget?.Tick() is not { } decision)
        {
            return;
        }

        if (decision.Changed)
        {
            ApplyRates(decision.After);
            if (_smallerRung && (decision.Before >= Degradation.SmallerInput) != (decision.After >= Degradation.SmallerInput))
            {
                // The camera or file is opened again at the new size: its run ends as a pause ends it,
                // and the source's loop opens it again at once (a file where it had got to).
                _halfSize = decision.After >= Degradation.SmallerInput;
                CancelRun(Modality.Face);
            }

            if (_lighterRung && (decision.Before >= Degradation.LighterModels) != (decision.After >= Degradation.LighterModels))
            {
                // Loading models takes longer than a fusion tick: the stages switch once they are loaded.
                _rungSwap = _rungSwap.ContinueWith(_ => SwapForRung(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            _monitor.Degradation = decision.After;
            LogDegradation(_logger, decision.Before, decision.After, decision.P99.TotalMilliseconds, _budget.Ladder.Budget.TotalMilliseconds);
        }

        if (decision.NewlyExhausted)
        {
            _sink.TryPublish(new Alert(
                _time.GetUtcNow(), AlertKind.OverBudget, AlertSeverity.Warning, AlertReason.LatencyOverBudget, null,
                Math.Min((float)decision.P99.TotalMilliseconds, Alert.MaxMagnitude), (float)_budget.Ladder.Budget.TotalMilliseconds));
        }
    }

    /// <summary>Lower rates: re-detection and emotion run at half their rate (emotion at a quarter for driver safety, where the eyes and head come first).</summary>
    private void ApplyRates(Degradation level)
    {
        lock (_faceGate)
        {
            _degradation = level;
            ApplyRates(_pipeline!, level);
        }
    }

    private void ApplyRates(FacePipeline pipeline, Degradation level)
    {
        FacePipelineOptions options = pipeline.Options;
        bool lower = level >= Degradation.LowerRates;
        int emotionFactor = _setup.Current.Profile.Purpose == Purpose.DriverSafety ? 4 : 2;
        pipeline.Detection.MinimumInterval = lower ? options.DetectionInterval * 2 : options.DetectionInterval;
        pipeline.Emotion.MinimumInterval = lower ? options.EmotionInterval * emotionFactor : options.EmotionInterval;
        _bodyPaused = level >= Degradation.PauseModality;
    }

    [LoggerMessage(EventId = 2108, Level = LogLevel.Warning, Message = "The body stage skipped a frame: {Reason}")]
    private static partial void LogBodyFailed(ILogger logger, LogText reason);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "Fusion failed this tick: {Reason}")]
    private static partial void LogFusionFailed(ILogger logger, LogText reason);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Degradation {Before} -> {After}: face capture-to-observation p99 {P99Ms:0.0} ms against a budget of {BudgetMs} ms")]
    private static partial void LogDegradation(ILogger logger, Degradation before, Degradation after, double p99Ms, double budgetMs);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "No video source ({Section}:Video is empty): publishing health only")]
    private static partial void LogNoSource(ILogger logger, string section);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Sensing {Video}, {Audio} and {Skeletons} for {Purpose}; a summary every {IntervalMs} ms")]
    private static partial void LogSensing(ILogger logger, LogText video, LogText audio, LogText skeletons, Purpose purpose, double intervalMs);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Warning, Message = "Skipped a skeleton: {Reason}")]
    private static partial void LogSkeletonSkipped(ILogger logger, LogText reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Source failed: {Reason}; {Modality} is missing from summaries until it is back; trying again in {Seconds} s")]
    private static partial void LogSourceFailed(ILogger logger, LogText reason, Modality modality, double seconds);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "{Source} ended; summaries go on without its {Modality}")]
    private static partial void LogSourceEnded(ILogger logger, LogText source, Modality modality);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "The face stage skipped a frame: {Reason}")]
    private static partial void LogFaceFailed(ILogger logger, LogText reason);
}
