using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Fusion;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Face;
using EdgeMer.Platform;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// Turns the configured camera or video into summaries and alerts. Three parts, each on its own
/// thread: capture delivers frames into a latest-wins slot (a frame the face stage has not taken when
/// the next arrives is dropped and counted, so the face stage always works on the newest frame);
/// the face stage runs the face pipeline and hands each face's observation to the fuser; fusion makes
/// the summaries every <see cref="SensingOptions.SummaryInterval"/> and publishes them through
/// <see cref="ISummarySink"/>. A source that fails is reported lost (one sensor alert), its modality
/// drops out of the summaries, and it is opened again after <see cref="SensingOptions.RestartAfter"/>;
/// everything else keeps running. While the privacy switch is paused the source is stopped. On
/// shutdown, fusion publishes one last summary.
/// </summary>
public sealed partial class SensingService : IHostedService, IDisposable
{
    private readonly IOptions<SensingOptions> _sensing;
    private readonly IOptions<FusionSettings> _fusion;
    private readonly ActiveSetup _setup;
    private readonly ISummarySink _sink;
    private readonly IPrivacySwitch _privacy;
    private readonly StageMonitor _monitor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _fuserGate = new();
    private readonly SemaphoreSlim _resumed = new(0);
    private static readonly TimeSpan s_evaluationPeriod = TimeSpan.FromSeconds(1);

    private FaceModels? _models;
    private FacePipeline? _pipeline;
    private Fuser? _fuser;
    private CaptureClock? _clock;
    private LatestSlot<Frame>? _frames;
    private StageMeter[] _meters = [];
    private StageMeter? _latency;
    private DegradationLadder? _ladder;
    private long _lastEvaluation;
    private bool _overBudget;
    private CancellationTokenSource? _captureRun;
    private Task _capture = Task.CompletedTask;
    private Task _fusing = Task.CompletedTask;
    private Thread? _faceThread;

    public SensingService(
        IOptions<SensingOptions> sensing,
        IOptions<FusionSettings> fusion,
        ActiveSetup setup,
        ISummarySink sink,
        IPrivacySwitch privacy,
        StageMonitor monitor,
        TimeProvider time,
        ILogger<SensingService> logger)
    {
        _sensing = sensing;
        _fusion = fusion;
        _setup = setup;
        _sink = sink;
        _privacy = privacy;
        _monitor = monitor;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether a source is configured and the stages run.</summary>
    public bool IsSensing => _pipeline is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SensingOptions options = _sensing.Value;
        if (string.IsNullOrEmpty(options.Video))
        {
            LogNoSource(_logger, SensingOptions.Section);
            return Task.CompletedTask;
        }

        string video = options.Video;
        if (!VideoSources.IsCamera(video) && !File.Exists(video) && !Directory.Exists(video))
        {
            throw new RuntimeConfigurationException($"{SensingOptions.Section}:Video '{video}': no such file or folder");
        }

        RuntimeSetup setup = _setup.Current;
        try
        {
            _models = FaceModels.Load(setup.Environment, setup.Catalog, setup.Store, setup.SessionOptions, setup.Profile.Inference.VariantOf);
        }
        catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            throw new RuntimeConfigurationException($"{SensingOptions.Section}:Video needs the face models: {e.Message}", e);
        }

        _pipeline = new FacePipeline(_models);
        _fuser = new Fuser(_fusion.Value.ToOptions(setup.Profile.Purpose));
        _clock = new CaptureClock(_time);
        _frames = new LatestSlot<Frame>(frame => frame.Release());
        var capture = new StageMeter("capture", _time);
        var face = new StageMeter("face", _time, deadline: TimeSpan.FromMilliseconds(setup.Profile.Budget.CaptureToSummaryMs));
        var fusion = new StageMeter("fusion", _time);
        _latency = new StageMeter("face.latency", _time, deadline: TimeSpan.FromMilliseconds(setup.Profile.Budget.CaptureToSummaryMs));
        _meters = [capture, face, _latency, fusion];
        // Only lowering the face stages' rates is open to a face-only device today: no lighter model
        // variant is loaded, frames come at the source's size, and there is no second modality to pause.
        _ladder = new DegradationLadder(TimeSpan.FromMilliseconds(setup.Profile.Budget.CaptureToSummaryMs), [Degradation.LowerRates]);
        _lastEvaluation = _time.GetTimestamp();
        foreach (StageMeter meter in _meters)
        {
            _monitor.Add(meter);
        }

        _privacy.StateChanged += OnPrivacyChanged;
        _faceThread = new Thread(() => RunFaceStage(face)) { Name = "edgemer face", IsBackground = true };
        _faceThread.Start();
        _capture = Task.Factory.StartNew(() => CaptureAsync(video, options, capture), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _fusing = FuseAsync(options.SummaryInterval, fusion);
        LogSensing(_logger, video, setup.Profile.Purpose, options.SummaryInterval.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is null)
        {
            return;
        }

        _privacy.StateChanged -= OnPrivacyChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _resumed.Release();
        await Task.WhenAll(_capture, _fusing).WaitAsync(cancellationToken).ConfigureAwait(false);
        _frames!.Close();
        _faceThread!.Join();
        foreach (StageMeter meter in _meters)
        {
            _monitor.Remove(meter);
        }
    }

    public void Dispose()
    {
        _pipeline?.Dispose();
        _models?.Dispose();
        _frames?.Dispose();
        _captureRun?.Dispose();
        _stopping.Dispose();
        _resumed.Dispose();
    }

    private void OnPrivacyChanged(object? sender, PrivacyState state)
    {
        if (state == PrivacyState.Paused)
        {
            // Capture stops at the source: the run is cancelled and the source's process ends.
            Volatile.Read(ref _captureRun)?.Cancel();
        }
        else
        {
            _resumed.Release();
        }
    }

    private async Task CaptureAsync(string video, SensingOptions options, StageMeter meter)
    {
        CancellationToken stopping = _stopping.Token;
        long lostSince = 0;
        while (!stopping.IsCancellationRequested)
        {
            if (_privacy.State == PrivacyState.Paused)
            {
                await _resumed.WaitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Volatile.Write(ref _captureRun, run);
            if (_privacy.State == PrivacyState.Paused)
            {
                continue;
            }

            bool delivered = false;
            try
            {
                using IFrameSource source = VideoSources.Open(video, _clock!, stillsPerSecond: 10);
                await source.RunAsync(
                    frame =>
                    {
                        if (!delivered)
                        {
                            delivered = true;
                            lostSince = 0;
                            Restored();
                        }

                        meter.Record(meter.Start());
                        _frames!.Put(frame.Retain());
                    },
                    run.Token).ConfigureAwait(false);
                if (!run.IsCancellationRequested && !options.LoopVideo)
                {
                    LogSourceEnded(_logger, source.Name);
                    return;
                }
            }
            catch (FrameSourceException e)
            {
                if (lostSince == 0)
                {
                    lostSince = _time.GetTimestamp();
                }

                LogSourceFailed(_logger, LogText.Escape(e.Message), options.RestartAfter.TotalSeconds);
                lock (_fuserGate)
                {
                    _fuser!.SourceLost(Modality.Face, _time.GetUtcNow(), _time.GetElapsedTime(lostSince));
                }

                await Task.Delay(options.RestartAfter, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                Volatile.Write(ref _captureRun, null);
            }
        }
    }

    private void Restored()
    {
        lock (_fuserGate)
        {
            _fuser!.SourceRestored(Modality.Face);
        }
    }

    private void RunFaceStage(StageMeter meter)
    {
        long dropped = 0;
        while (_frames!.Take(CancellationToken.None) is Frame frame)
        {
            try
            {
                long started = meter.Start();
                FaceFrameResult result = _pipeline!.Process(frame);
                meter.Record(started);
                TimeSpan latency = _clock!.Now - frame.CaptureTime;
                _latency!.Record(latency > TimeSpan.Zero ? latency : TimeSpan.Zero);
                lock (_fuserGate)
                {
                    for (int i = 0; i < result.Count; i++)
                    {
                        _fuser!.Observe(result[i].Observation);
                    }
                }
            }
            catch (Exception e) when (e is OnnxRuntimeException or InvalidOperationException or ArgumentException)
            {
                // One bad frame must not end the stage; the error is logged with its reason.
                LogFaceFailed(_logger, LogText.Escape(e.Message));
            }
            finally
            {
                frame.Release();
            }

            long nowDropped = _frames.Dropped;
            meter.AddDropped(nowDropped - dropped);
            dropped = nowDropped;
        }
    }

    private async Task FuseAsync(TimeSpan interval, StageMeter meter)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                FuseAndPublish(interval, meter);
                Degrade();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last summary below.
        }

        FuseAndPublish(interval, meter);
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
        if (_time.GetElapsedTime(_lastEvaluation) < s_evaluationPeriod)
        {
            return;
        }

        _lastEvaluation = _time.GetTimestamp();
        StageFigures latency = _latency!.Snapshot(s_evaluationPeriod);
        Degradation before = _ladder!.Level;
        Degradation now = _ladder.Evaluate(latency.P99);
        if (now != before)
        {
            ApplyRates(now);
            LogDegradation(_logger, before, now, latency.P99.TotalMilliseconds, _ladder.Budget.TotalMilliseconds);
        }

        if (_ladder.Exhausted && !_overBudget)
        {
            float budget = (float)_ladder.Budget.TotalMilliseconds;
            _sink.TryPublish(new Alert(
                _time.GetUtcNow(), AlertKind.OverBudget, AlertSeverity.Warning, AlertReason.LatencyOverBudget, null,
                Math.Min((float)latency.P99.TotalMilliseconds, Alert.MaxMagnitude), budget));
        }

        _overBudget = _ladder.Exhausted;
    }

    /// <summary>Lower rates: re-detection and emotion run at half their rate (emotion at a quarter for driver safety, where the eyes and head come first).</summary>
    private void ApplyRates(Degradation level)
    {
        FacePipelineOptions options = _pipeline!.Options;
        bool lower = level >= Degradation.LowerRates;
        int emotionFactor = _setup.Current.Profile.Purpose == Purpose.DriverSafety ? 4 : 2;
        _pipeline.Detection.MinimumInterval = lower ? options.DetectionInterval * 2 : options.DetectionInterval;
        _pipeline.Emotion.MinimumInterval = lower ? options.EmotionInterval * emotionFactor : options.EmotionInterval;
    }

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Degradation {Before} -> {After}: face capture-to-observation p99 {P99Ms:0.0} ms against a budget of {BudgetMs} ms")]
    private static partial void LogDegradation(ILogger logger, Degradation before, Degradation after, double p99Ms, double budgetMs);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "No video source ({Section}:Video is empty): publishing health only")]
    private static partial void LogNoSource(ILogger logger, string section);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Sensing {Source} for {Purpose}; a summary every {IntervalMs} ms")]
    private static partial void LogSensing(ILogger logger, string source, Purpose purpose, double intervalMs);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Video source failed: {Reason}; its modality is missing until it is back; trying again in {Seconds} s")]
    private static partial void LogSourceFailed(ILogger logger, string reason, double seconds);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "{Source} ended; summaries go on without the face")]
    private static partial void LogSourceEnded(ILogger logger, string source);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "The face stage skipped a frame: {Reason}")]
    private static partial void LogFaceFailed(ILogger logger, string reason);
}
