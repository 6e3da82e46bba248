using System.Diagnostics;
using EdgeMer.Affect;
using EdgeMer.Messaging.Wire;
using System.Text.Json;
using EdgeMer.Runtime.Sensing;
using EdgeMer.Runtime.Updates;
using EdgeMer.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

/// <summary>Publishes the runtime's health on the configured interval (and once at start), on the injected clock.</summary>
public sealed partial class HealthService : BackgroundService
{
    private readonly Egress _egress;
    private readonly ActiveSetup _setup;
    private readonly PrivacySwitch _privacy;
    private readonly Uptime _uptime;
    private readonly StageMonitor _stages;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ModelSetLayout _updates;
    private readonly Lock _cpuGate = new();
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private long _lastSample = Stopwatch.GetTimestamp();

    public HealthService(Egress egress, ActiveSetup setup, PrivacySwitch privacy, Uptime uptime, StageMonitor stages, TimeProvider time, ILogger<HealthService> logger, ModelSetLayout updates)
    {
        _updates = updates;
        _egress = egress;
        _setup = setup;
        _privacy = privacy;
        _uptime = uptime;
        _stages = stages;
        _time = time;
        _logger = logger;
    }

    /// <summary>The health report as it stands now.</summary>
    public HealthReport Report()
    {
        RuntimeSetup setup = _setup.Current;
        var models = new ModelVersion[setup.Models.Count];
        for (int i = 0; i < models.Length; i++)
        {
            // The file's digest is the version: it changes exactly when the model does.
            models[i] = new ModelVersion(setup.Models[i].Id, setup.Models[i].Sha256[..16]);
        }

        IReadOnlyList<StageFigures> figures = _stages.Snapshot(setup.Options.HealthInterval);
        var stages = new StageHealth[Math.Min(figures.Count, HealthReport.MaxEntries)];
        for (int i = 0; i < stages.Length; i++)
        {
            StageFigures f = figures[i];
            stages[i] = new StageHealth(f.Stage, (float)f.P50.TotalMilliseconds, (float)f.P99.TotalMilliseconds, (float)f.RatePerSecond, f.Dropped, f.DeadlineMisses);
        }

        string? degradation = _stages.Degradation is { } level ? HealthReport.DegradationLevels[(int)level] : null;
        return new HealthReport(
            _time.GetUtcNow(), _uptime.Elapsed.TotalSeconds, _privacy.State == PrivacyState.Paused, Purposes.Name(setup.Profile.Purpose), setup.ProviderId, stages, models, degradation, Process(), Update());
    }

    /// <summary>The accepted bundle version and the last update's state, null where updates are off.</summary>
    private UpdateHealth? Update()
    {
        if (!_updates.Enabled)
        {
            return null;
        }

        try
        {
            UpdateStep step = _updates.ReadState().Step;
            return new UpdateHealth(_updates.ReadAccepted(), JsonNamingPolicy.CamelCase.ConvertName(step.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            LogUpdateStateUnreadable(_logger, e.Message);
            return null;
        }
    }

    /// <summary>CPU since the previous report (as a share of one core) and resident memory now.</summary>
    private ProcessHealth Process()
    {
        lock (_cpuGate)
        {
            TimeSpan cpu = Environment.CpuUsage.TotalTime;
            long now = Stopwatch.GetTimestamp();
            double wall = Stopwatch.GetElapsedTime(_lastSample, now).TotalSeconds;
            double percent = wall > 0 ? (cpu - _lastCpu).TotalSeconds / wall * 100 : 0;
            _lastCpu = cpu;
            _lastSample = now;
            return new ProcessHealth((float)Math.Clamp(percent, 0, ProcessHealth.MaxCpuPercent), (float)Math.Min(Environment.WorkingSet / 1_048_576.0, ProcessHealth.MaxRssMiB));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Publish();
        TimeSpan interval = _setup.Current.Options.HealthInterval;
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Publish();

                // A reload may have changed the interval.
                interval = _setup.Current.Options.HealthInterval;
                if (timer.Period != interval)
                {
                    timer.Period = interval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Publish()
    {
        try
        {
            if (!_egress.Publisher.TryPublish(Report()))
            {
                LogHealthDropped(_logger);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One bad report must not end health reporting.
            LogHealthFailed(_logger, e);
        }
    }
}
