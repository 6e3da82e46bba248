using EdgeMer.Devices;
using EdgeMer.Fusion;
using EdgeMer.Platform;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// A new setup's sensing and fusion settings reaching the running service (a reload, a model update
/// whose bundle carries a configuration, a rollback): the fuser takes its new weights, time constants
/// and alert levels between two summaries and keeps its tracks, smoothing, fatigue and open alert
/// episodes; the summary timer takes its new interval from the next summary on; a source that fails
/// or ends waits and loops by the new settings. The sources themselves are opened once, at start:
/// <see cref="SourceChange"/> names a change of them, which a reload refuses.
/// </summary>
public sealed partial class SensingService
{
    private readonly Lock _settingsGate = new();
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
    /// The first sensing key whose change would need other sources than the running ones, resolved
    /// the way the start resolves them (a key not set falls back to the profile's source), or null
    /// when the sources stay as they are.
    /// </summary>
    internal static string? SourceChange(RuntimeSetup running, RuntimeSetup next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        DeviceSources? was = running.Profile.Sources, now = next.Profile.Sources;
        if (Chosen(running.Sensing.Video, was?.Video) != Chosen(next.Sensing.Video, now?.Video))
        {
            return $"{SensingOptions.Section}:Video";
        }

        if (Chosen(running.Sensing.Audio, was?.Audio) != Chosen(next.Sensing.Audio, now?.Audio))
        {
            return $"{SensingOptions.Section}:Audio";
        }

        if (Chosen(running.Sensing.Skeletons, was?.Skeletons) != Chosen(next.Sensing.Skeletons, now?.Skeletons))
        {
            return $"{SensingOptions.Section}:Skeletons";
        }

        return running.Sensing.Body != next.Sensing.Body ? $"{SensingOptions.Section}:Body" : null;
    }

    /// <summary>
    /// Null when the running service fuses and times its summaries by <paramref name="setup"/>'s
    /// settings (or nothing is sensed); otherwise why not, for a model update's health check.
    /// </summary>
    public string? SettingsProblem(RuntimeSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (!IsSensing || ReferenceEquals(Volatile.Read(ref _settings), setup.Sensing))
        {
            return null;
        }

        return Volatile.Read(ref _settingsProblem) ?? "the running service did not take the new setup's sensing and fusion settings";
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

            TimeSpan before = SummaryInterval;
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
        }
    }

    [LoggerMessage(EventId = 2115, Level = LogLevel.Information, Message = "Sensing took the new settings between two summaries: a summary every {BeforeMs} ms, now every {AfterMs} ms; fusion's weights, time constants and alert levels as configured")]
    private static partial void LogSettingsApplied(ILogger logger, double beforeMs, double afterMs);

    [LoggerMessage(EventId = 2116, Level = LogLevel.Error, Message = "Sensing kept its settings; the new ones were refused: {Reason}")]
    private static partial void LogSettingsNotApplied(ILogger logger, LogText reason);
}
