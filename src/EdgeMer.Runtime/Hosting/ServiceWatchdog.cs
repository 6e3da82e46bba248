using System.Globalization;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Sensing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// Feeds systemd's watchdog (<c>WatchdogSec=</c> in the unit) while the service makes progress: every
/// half of <c>$WATCHDOG_USEC</c> it sends <c>WATCHDOG=1</c>, but only when <see cref="PipelineProgress"/>
/// finds nothing stalled. A hung stage, fusion loop or publisher stops the feeding, and systemd kills
/// and restarts the service once <c>WatchdogSec</c> has passed without it. Without systemd, or when
/// the unit sets no watchdog, it does nothing.
/// </summary>
public sealed partial class ServiceWatchdog : IHostedService, IDisposable
{
    private readonly Func<long> _messages;
    private readonly StageMonitor _monitor;
    private readonly Func<TimeSpan> _healthInterval;
    private readonly Func<TimeSpan> _summaryInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISystemdNotifier? _systemd;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly string? _watchdogUsec;
    private readonly string? _watchdogPid;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private PipelineProgress? _progress;
    private TimeSpan _timeout;
    private long _started;
    private bool _stalled;

    public ServiceWatchdog(
        Egress egress,
        StageMonitor monitor,
        IOptions<RuntimeOptions> runtime,
        IOptions<SensingOptions> sensing,
        SensingService sensingService,
        ActiveSetup setup,
        TimeProvider time,
        ILogger<ServiceWatchdog> logger,
        IHostApplicationLifetime lifetime,
        ISystemdNotifier? systemd = null)
        : this(
            () => Published(egress), monitor, runtime, sensing, time, logger, systemd, Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"),
            () => sensingService.IsSensing ? sensingService.SummaryInterval : sensing.Value.SummaryInterval,
            () => setup.IsLoaded ? setup.Current.Options.HealthInterval : runtime.Value.HealthInterval)
    {
        _lifetime = lifetime;
    }

    /// <param name="messages">How many messages the publisher has taken so far (published, dropped or held back).</param>
    /// <param name="summaryInterval">The summary interval in force (a reload changes it); the configured one when null.</param>
    /// <param name="healthInterval">The health interval in force (a reload changes it); the configured one when null.</param>
    internal ServiceWatchdog(
        Func<long> messages,
        StageMonitor monitor,
        IOptions<RuntimeOptions> runtime,
        IOptions<SensingOptions> sensing,
        TimeProvider time,
        ILogger<ServiceWatchdog> logger,
        ISystemdNotifier? systemd,
        string? watchdogUsec,
        string? watchdogPid,
        Func<TimeSpan>? summaryInterval = null,
        Func<TimeSpan>? healthInterval = null)
    {
        _messages = messages;
        _watchdogUsec = watchdogUsec;
        _watchdogPid = watchdogPid;
        _monitor = monitor;
        _healthInterval = healthInterval ?? (() => runtime.Value.HealthInterval);
        _summaryInterval = summaryInterval ?? (() => sensing.Value.SummaryInterval);
        _time = time;
        _logger = logger;
        _systemd = systemd;
    }

    /// <summary>
    /// The watchdog timeout systemd asks for, from <c>$WATCHDOG_USEC</c> (and <c>$WATCHDOG_PID</c>, which
    /// when set must be this process), or null when there is none.
    /// </summary>
    public static TimeSpan? RequestedTimeout(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out long usec) || usec <= 0)
        {
            return null;
        }

        if (watchdogPid is { Length: > 0 } && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != processId))
        {
            return null;
        }

        return TimeSpan.FromTicks(usec * 10);
    }

    /// <summary>How long a part may go without progress before feeding stops: the watchdog timeout, and at least two of the intervals health and summaries are made at.</summary>
    public static TimeSpan StallAfter(TimeSpan timeout, TimeSpan healthInterval, TimeSpan summaryInterval)
    {
        TimeSpan slowest = healthInterval > summaryInterval ? healthInterval : summaryInterval;
        return timeout > 2 * slowest ? timeout : 2 * slowest;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_systemd is not { IsEnabled: true }
            || RequestedTimeout(_watchdogUsec, _watchdogPid, Environment.ProcessId) is not { } timeout)
        {
            return Task.CompletedTask;
        }

        TimeSpan stallAfter = StallAfter(timeout, _healthInterval(), _summaryInterval());
        _timeout = timeout;
        _progress = new PipelineProgress(stallAfter);
        _started = _time.GetTimestamp();
        TimeSpan interval = timeout / 2;
        LogWatching(_logger, timeout.TotalSeconds, interval.TotalSeconds, stallAfter.TotalSeconds);

        // Fed only once the whole service has started, after READY=1.
        if (_lifetime is null)
        {
            StartFeeding(interval);
        }
        else
        {
            _lifetime.ApplicationStarted.Register(() => StartFeeding(interval));
        }

        return Task.CompletedTask;
    }

    private void StartFeeding(TimeSpan interval)
    {
        lock (_gate)
        {
            if (_progress is not null)
            {
                _timer = _time.CreateTimer(static state => ((ServiceWatchdog)state!).Tick(), this, interval, interval);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => Stop();

    private void Tick()
    {
        lock (_gate)
        {
            if (_progress is null)
            {
                return;
            }

            // A reload may have lengthened the summary or health interval: the stall time grows with them.
            _progress.StallAfter = StallAfter(_timeout, _healthInterval(), _summaryInterval());
            string? stall;
            try
            {
                stall = _progress.Judge(_time.GetElapsedTime(_started), _messages(), _monitor.Snapshot(TimeSpan.FromSeconds(1)), _monitor.Degradation);
            }
            catch (InvalidOperationException e)
            {
                // Egress has stopped under a tick racing the shutdown: nothing to feed for.
                stall = e.Message;
            }

            if (stall is not null)
            {
                if (!_stalled)
                {
                    LogStalled(_logger, stall);
                }

                _stalled = true;
                return;
            }

            if (_stalled)
            {
                LogProgressAgain(_logger);
                _stalled = false;
            }

            _systemd!.Notify(new ServiceState("WATCHDOG=1"));
        }
    }

    private static long Published(Egress egress)
    {
        Messaging.Publishing.PublisherCounters counters = egress.Publisher.Counters;
        return counters.Published + counters.Dropped + counters.Suppressed;
    }

    private void Stop()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _progress = null;
        }
    }
}
