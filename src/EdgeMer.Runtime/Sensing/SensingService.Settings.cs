using EdgeMer.Affect;
using EdgeMer.Devices;
using EdgeMer.Fusion;
using EdgeMer.Perception.Body;
using EdgeMer.Platform;
using EdgeMer.Scheduling;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// A new setup's sensing and fusion settings reaching the running service (a reload, a model update
/// whose bundle carries a configuration, a rollback): the fuser takes its new weights, time constants
/// and alert levels between two summaries and keeps its tracks, smoothing, fatigue and open alert
/// episodes; the summary timer takes its new interval from the next summary on; a source that fails
/// or ends waits and loops by the new settings; a modality whose source changed closes the old one
/// and opens the new one while the others keep running. Which modalities run, and the body stage,
/// are set up at start: <see cref="SourceProblem"/> names a change of them, which a reload refuses.
/// </summary>
public sealed partial class SensingService
{
    private static readonly TimeSpan s_sourceStopWait = TimeSpan.FromSeconds(30);
    private static readonly string[] s_sourceKeys = ["Video", "Audio", "Skeletons"];
    private readonly Lock _settingsGate = new();
    private readonly CancellationTokenSource?[] _sourceLifetimes = new CancellationTokenSource?[Modalities.Count];
    private readonly string?[] _openSources = new string?[Modalities.Count];
    private SensingOptions? _settings;
    private PeriodicTimer? _summaryTimer;
    private string? _settingsProblem;

    /// <summary>The interval summaries are made at now (the start's, or the last reload's).</summary>
    public TimeSpan SummaryInterval => Settings.SummaryInterval;

    /// <summary>The fuser's options in force; null when nothing is sensed.</summary>
    internal FusionOptions? FusionInForce
    {
        get
        {
            lock (_fuserGate)
            {
                return _fuser?.Options;
            }
        }
    }

    /// <summary>The sensing settings in force (the setup's the service started with, until a new setup brings others).</summary>
    private SensingOptions Settings => Volatile.Read(ref _settings) ?? _setup.Current.Sensing;

    /// <summary>
    /// Why the running service cannot take <paramref name="next"/>'s sources in place of
    /// <paramref name="running"/>'s, naming the key, or null. Sources are resolved the way the start
    /// resolves them (a key not set falls back to the profile's source). Another camera, video, sound
    /// or skeleton stream for a modality that runs is taken; turning a modality on or off, or the body
    /// stage (<c>Sensing:Body</c>), needs a restart, and a new source must be there.
    /// </summary>
    internal static string? SourceProblem(RuntimeSetup running, RuntimeSetup next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        string?[] was = Sources(running), now = Sources(next);
        for (int i = 0; i < s_sourceKeys.Length; i++)
        {
            string key = s_sourceKeys[i];
            if ((was[i] is null) != (now[i] is null))
            {
                return $"{SensingOptions.Section}:{key} cannot turn {(now[i] is null ? "off" : "on")} a modality while running (its stages are set up at start); restart EdgeMer to apply it";
            }

            if (was[i] != now[i] && Missing(now[i], IsDevice(i), key) is { } missing)
            {
                return missing;
            }
        }

        return running.Sensing.Body != next.Sensing.Body
            ? $"{SensingOptions.Section}:Body cannot change while running (the body stage is set up at start); restart EdgeMer to apply it"
            : null;
    }

    /// <summary>Why <paramref name="source"/> (for <c>Sensing:</c><paramref name="key"/>) cannot be opened: neither a device nor an existing file or folder; null when it can.</summary>
    private static string? Missing(string? source, Func<string, bool> isDevice, string key) =>
        source is not null && !isDevice(source) && !File.Exists(source) && !Directory.Exists(source)
            ? $"{SensingOptions.Section}:{key} '{source}': no such file or folder"
            : null;

    /// <summary>The video, sound and skeleton sources <paramref name="setup"/> senses, in the order of <see cref="s_sourceKeys"/>.</summary>
    private static string?[] Sources(RuntimeSetup setup)
    {
        DeviceSources? profiled = setup.Profile.Sources;
        return [Chosen(setup.Sensing.Video, profiled?.Video), Chosen(setup.Sensing.Audio, profiled?.Audio), Chosen(setup.Sensing.Skeletons, profiled?.Skeletons)];
    }

    private static Func<string, bool> IsDevice(int source) => source switch
    {
        0 => VideoSources.IsCamera,
        1 => AudioSources.IsMicrophone,
        _ => SkeletonSources.IsEndpoint,
    };

    /// <summary>The modality each of <see cref="s_sourceKeys"/> feeds.</summary>
    private static Modality ModalityOf(int source) => source switch
    {
        0 => Modality.Face,
        1 => Modality.Voice,
        _ => Modality.Body,
    };

    /// <summary>The source <paramref name="modality"/> is sensed from now (null for none).</summary>
    internal string? OpenSource(Modality modality)
    {
        lock (_settingsGate)
        {
            return _openSources[(int)modality];
        }
    }

    /// <summary>The sources the service opened at start.</summary>
    private void RememberSources(string? video, string? audio, string? skeletons)
    {
        _openSources[(int)Modality.Face] = video;
        _openSources[(int)Modality.Voice] = audio;
        _openSources[(int)Modality.Body] = skeletons;
    }

    /// <summary>
    /// A token that ends one modality's source: cancelled when the service stops, or when a new
    /// setup replaces that source (<see cref="SwitchSource"/>).
    /// </summary>
    private CancellationToken SourceLifetime(Modality modality)
    {
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _sourceLifetimes[(int)modality] = lifetime;
        return lifetime.Token;
    }

    /// <summary>
    /// Closes the running source of <paramref name="modality"/> (its run cancelled, its process ended)
    /// and opens <paramref name="source"/> in its place on the same stages; the face tracks start
    /// afresh (another camera is another scene), a skeleton stream's tracks too. The other modalities,
    /// fusion and publishing go on throughout.
    /// </summary>
    private void SwitchSource(Modality modality, string source)
    {
        CancellationTokenSource? old = _sourceLifetimes[(int)modality];
        old?.Cancel();
        bool stopped;
        try
        {
            stopped = Running(modality).Wait(s_sourceStopWait);
        }
        catch (AggregateException)
        {
            // It ended by failing: ended all the same.
            stopped = true;
        }

        if (!stopped)
        {
            LogSourceSlowToStop(_logger, new LogText(_openSources[(int)modality] ?? "none"), s_sourceStopWait.TotalSeconds);
        }

        old?.Dispose();
        CancellationToken lifetime = SourceLifetime(modality);
        switch (modality)
        {
            case Modality.Face:
                lock (_faceGate)
                {
                    _pipeline!.Reset();
                }

                // Another video starts from its beginning, not where the one it replaces had got to.
                _videoPosition = TimeSpan.Zero;
                StageMeter capture = Meter("capture");
                _capture = Keep(modality, token => CaptureOnceAsync(source, capture, token), lifetime);
                break;
            case Modality.Voice:
                StageMeter listen = Meter("voice");
                _listening = Keep(modality, token => ListenOnceAsync(source, listen, token), lifetime);
                break;
            default:
                _skeletons = new BodyTracker(_skeletons!.Options);
                StageMeter skeleton = Meter("body");
                _skeletonReading = Keep(modality, token => ReadSkeletonsOnceAsync(source, skeleton, token), lifetime);
                break;
        }

        LogSourceSwitched(_logger, modality, new LogText(_openSources[(int)modality] ?? "none"), new LogText(source));
        _openSources[(int)modality] = source;
    }

    /// <summary>The task that keeps <paramref name="modality"/>'s source running; completed once the source ended for good or was closed.</summary>
    private Task Running(Modality modality) => modality switch
    {
        Modality.Face => _capture,
        Modality.Voice => _listening,
        _ => _skeletonReading,
    };

    private StageMeter Meter(string stage)
    {
        foreach (StageMeter meter in _meters)
        {
            if (meter.Name == stage)
            {
                return meter;
            }
        }

        throw new InvalidOperationException($"no {stage} stage is running");
    }

    /// <summary>
    /// Null when the running service fuses and times its summaries by <paramref name="setup"/>'s
    /// settings (or nothing is sensed); otherwise why not, for a model update's health check.
    /// </summary>
    public string? SettingsProblem(RuntimeSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (!IsSensing)
        {
            return null;
        }

        return Volatile.Read(ref _settingsProblem)
            ?? (ReferenceEquals(Volatile.Read(ref _settings), setup.Sensing) ? null : "the running service did not take the new setup's sensing and fusion settings");
    }

    /// <summary>The summary timer fusion runs on; its period is the summary interval from then on.</summary>
    private void UseSummaryTimer(PeriodicTimer timer)
    {
        lock (_settingsGate)
        {
            _summaryTimer = timer;
        }
    }

    private void OnSettingsReplaced(object? sender, RuntimeSetup next)
    {
        lock (_settingsGate)
        {
            SensingOptions sensing = next.Sensing;
            try
            {
                FusionOptions fusion = next.Fusion.ToOptions(next.Profile.Purpose);
                lock (_fuserGate)
                {
                    _fuser!.Reconfigure(fusion);
                }
            }
            catch (ArgumentException e)
            {
                // A reload or an update checks these before installing; this is the last guard, and
                // the running fuser keeps what it had rather than the installing thread failing.
                Volatile.Write(ref _settingsProblem, $"the fuser kept its settings: {e.Message}");
                LogSettingsNotApplied(_logger, new LogText(e.Message));
                return;
            }

            SensingOptions previous = Settings;
            TimeSpan before = previous.SummaryInterval;
            if (_summaryTimer is { } timer && timer.Period != sensing.SummaryInterval)
            {
                try
                {
                    // The next summary comes one new interval after this one and covers that interval.
                    timer.Period = sensing.SummaryInterval;
                }
                catch (ObjectDisposedException)
                {
                    // Fusion has stopped: there is no next summary to time.
                }
            }

            Volatile.Write(ref _settings, sensing);
            Volatile.Write(ref _settingsProblem, null);
            LogSettingsApplied(_logger, before.TotalMilliseconds, sensing.SummaryInterval.TotalMilliseconds);

            // A reload or an update refused a modality turned on or off (SourceProblem); here only
            // sources replaced for a modality that runs are left to open, and files that ended
            // opened again when looping is turned on.
            bool loopTurnedOn = sensing.Loop && !previous.Loop;
            string?[] sources = Sources(next);
            for (int i = 0; i < sources.Length; i++)
            {
                Modality modality = ModalityOf(i);
                if (sources[i] is { } source && _openSources[(int)modality] is { } open && !_stopping.IsCancellationRequested
                    && (source != open || (loopTurnedOn && Running(modality).IsCompleted)))
                {
                    try
                    {
                        SwitchSource(modality, source);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // The installing thread (a reload, an update) must not fail for it; the check after an update sees it.
                        Volatile.Write(ref _settingsProblem, $"the {modality} source {source} was not opened: {e.Message}");
                        LogSettingsNotApplied(_logger, new LogText(e.Message));
                    }
                }
            }
        }
    }

    [LoggerMessage(EventId = 2115, Level = LogLevel.Information, Message = "Sensing took the new settings between two summaries: a summary every {BeforeMs} ms, now every {AfterMs} ms; fusion's weights, time constants and alert levels as configured")]
    private static partial void LogSettingsApplied(ILogger logger, double beforeMs, double afterMs);

    [LoggerMessage(EventId = 2116, Level = LogLevel.Error, Message = "Sensing kept its settings; the new ones were refused: {Reason}")]
    private static partial void LogSettingsNotApplied(ILogger logger, LogText reason);

    [LoggerMessage(EventId = 2117, Level = LogLevel.Information, Message = "The {Modality} source {Old} was closed and {New} opened in its place; the other modalities kept running")]
    private static partial void LogSourceSwitched(ILogger logger, Modality modality, LogText old, LogText @new);

    [LoggerMessage(EventId = 2118, Level = LogLevel.Warning, Message = "The source {Source} did not stop within {Seconds} s of being replaced; the new one is opened anyway")]
    private static partial void LogSourceSlowToStop(ILogger logger, LogText source, double seconds);
}
