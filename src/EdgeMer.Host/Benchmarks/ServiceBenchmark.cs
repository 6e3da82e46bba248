using System.Diagnostics;
using EdgeMer.Runtime;
using EdgeMer.Runtime.Sensing;
using EdgeMer.Scheduling;
using EdgeMer.Tools.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeMer.Host.Benchmarks;

/// <summary>
/// <c>edgemer run</c>'s service, hosted in this process exactly as the command hosts it
/// (<see cref="EdgeMerHost"/>), sensing a clip and a sound in a loop, publishing on ipc endpoints in a
/// folder of its own. Its figures are read from the stage meters health reports.
/// </summary>
internal sealed class ServiceBenchmark : IDisposable
{
    private const string Latency = "face.latency";
    private readonly string _folder;
    private readonly IHost _host;
    private readonly StageMonitor _monitor;

    /// <param name="profile">The device profile (its budget is the one the ladder keeps).</param>
    public ServiceBenchmark(string profile, string devices, string catalog, string store, string clip, string sound)
    {
        _folder = Directory.CreateTempSubdirectory("edgemer-bench-pipeline-").FullName;
        string config = Path.Combine(_folder, "edgemer.json");
        File.WriteAllText(config, "{}");
        Profile = profile;
        _host = EdgeMerHost.CreateBuilder(config, Overrides(profile, devices, catalog, store, clip, sound)).Build();
        _monitor = _host.Services.GetRequiredService<StageMonitor>();
    }

    public string Profile { get; }

    /// <summary>The profile's capture-to-summary budget, once started.</summary>
    public TimeSpan Budget => TimeSpan.FromMilliseconds(_host.Services.GetRequiredService<ActiveSetup>().Current.Profile.Budget.CaptureToSummaryMs);

    // The configuration as command-line overrides, the way a user would give them to edgemer run.
    private string[] Overrides(string profile, string devices, string catalog, string store, string clip, string sound) =>
    [
        $"--EdgeMer:Profile={profile}",
        $"--EdgeMer:Devices={devices}",
        $"--EdgeMer:Catalog={catalog}",
        $"--EdgeMer:ModelStore={store}",
        $"--EdgeMer:StateDirectory={_folder}",
        "--EdgeMer:HealthInterval=00:00:01",
        "--Messaging:Publisher:DeviceId=bench",
        $"--Messaging:Publisher:Endpoints:0=ipc://{_folder}/publisher",
        $"--Messaging:Control:Endpoint=ipc://{_folder}/control",
        $"--Sensing:Video={clip}",
        $"--Sensing:Audio={sound}",
        "--Sensing:Loop=true",
        "--Sensing:SummaryInterval=00:00:01",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:Console:LogToStandardErrorThreshold=Trace",
    ];

    public Task StartAsync(CancellationToken cancellationToken) => _host.StartAsync(cancellationToken);

    public Task StopAsync() => _host.StopAsync();

    /// <summary>
    /// Latency unloaded for <paramref name="window"/>; then one busy-looping process per core for
    /// <paramref name="loaded"/>, the p99 taken over its last <paramref name="window"/>; then the load
    /// stopped and the ladder watched until it is back at none or <paramref name="recoveryLimit"/> passes.
    /// </summary>
    public ServiceLoadReport MeasureLoad(TimeSpan window, TimeSpan loaded, TimeSpan recoveryLimit, Action<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Invoke("waiting for the first face frames");
        WaitFor(() => Figures(TimeSpan.FromSeconds(1)).RatePerSecond > 0, TimeSpan.FromMinutes(2), "no face frame reached fusion within 2 minutes", cancellationToken);
        progress?.Invoke($"unloaded for {window.TotalSeconds:0} s");
        Wait(window, null, cancellationToken);
        StageFigures unloaded = Figures(window);
        string unloadedRung = Rung();

        var rungs = new List<string>();
        int cores = Environment.ProcessorCount;
        progress?.Invoke($"{cores} busy processes for {loaded.TotalSeconds:0} s");
        StageFigures underLoad;
        string loadedRung;
        ServiceStageFigures[] stages;
        var busy = new List<Process>();
        try
        {
            for (int i = 0; i < cores; i++)
            {
                busy.Add(Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })
                    ?? throw new InvalidOperationException("sh did not start"));
            }

            Wait(loaded, rungs, cancellationToken);
            underLoad = Figures(window);
            stages = [.. _monitor.Snapshot(window).Select(s => new ServiceStageFigures(s.Stage, s.P50.TotalMilliseconds, s.P99.TotalMilliseconds, s.RatePerSecond, s.Dropped))];
            loadedRung = Rung();
        }
        finally
        {
            foreach (Process process in busy)
            {
                process.Kill();
                process.WaitForExit();
                process.Dispose();
            }
        }

        progress?.Invoke("load stopped; waiting for the ladder to climb back");
        long stopped = Stopwatch.GetTimestamp();
        double? recovered = null;
        while (Stopwatch.GetElapsedTime(stopped) < recoveryLimit && !cancellationToken.IsCancellationRequested)
        {
            if (_monitor.Degradation == Degradation.None)
            {
                recovered = Stopwatch.GetElapsedTime(stopped).TotalSeconds;
                break;
            }

            Wait(TimeSpan.FromSeconds(1), rungs, cancellationToken);
        }

        double budget = Budget.TotalMilliseconds;
        return new ServiceLoadReport(
            Profile,
            budget,
            cores,
            window.TotalSeconds,
            unloaded.P50.TotalMilliseconds,
            unloaded.P99.TotalMilliseconds,
            unloaded.RatePerSecond,
            unloadedRung,
            underLoad.P50.TotalMilliseconds,
            underLoad.P99.TotalMilliseconds,
            underLoad.RatePerSecond,
            loadedRung,
            underLoad.P99.TotalMilliseconds / budget,
            underLoad.DeadlineMisses,
            rungs,
            recovered,
            recoveryLimit.TotalSeconds,
            stages,
            SensingService.LighterVariantsMissing(_host.Services.GetRequiredService<ActiveSetup>().Current) is { } missing
                ? $"not on this profile's ladder, so not measured: {missing}"
                : rungs.Contains(nameof(Degradation.LighterModels)) ? "on the ladder, taken under load" : "on the ladder, not reached under load");
    }

    /// <summary>Runs for <paramref name="duration"/> (whole minutes); resident memory after the first minute and at the end, and each minute's sample.</summary>
    public ServiceSoakReport Soak(TimeSpan duration, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromMinutes(2));
        int minutes = (int)Math.Ceiling(duration.TotalMinutes);
        progress?.Invoke($"soaking for {minutes} minutes");
        var samples = new List<SoakSample>(minutes);
        long allocated = GC.GetTotalAllocatedBytes();
        int collections = GC.CollectionCount(0);
        for (int minute = 1; minute <= minutes; minute++)
        {
            Wait(TimeSpan.FromMinutes(1), null, cancellationToken);
            using var process = Process.GetCurrentProcess();
            long nowAllocated = GC.GetTotalAllocatedBytes();
            int nowCollections = GC.CollectionCount(0);
            samples.Add(new SoakSample(
                minute, Rss(), GC.GetGCMemoryInfo().HeapSizeBytes / 1_048_576.0, process.Threads.Count, Rung(),
                (nowAllocated - allocated) / 1_048_576.0, nowCollections - collections));
            (allocated, collections) = (nowAllocated, nowCollections);
        }

        long summaries = _monitor.Snapshot(TimeSpan.FromSeconds(1)).FirstOrDefault(f => f.Stage == "fusion").Runs;
        double first = samples[0].RssMiB, end = samples[^1].RssMiB;
        double half = samples[(minutes / 2) - 1].RssMiB;
        return new ServiceSoakReport(minutes, first, end, end / first, end / half, summaries, samples);
    }

    private static double Rss() => Environment.WorkingSet / 1_048_576.0;

    private StageFigures Figures(TimeSpan window) =>
        _monitor.Snapshot(window).FirstOrDefault(f => f.Stage == Latency) is { Stage: not null } figures
            ? figures
            : throw new InvalidOperationException($"the service runs no {Latency} stage: did the clip open?");

    private string Rung() => _monitor.Degradation is { } level ? level.ToString() : "none (not sensing)";

    // Waits whole seconds, noting the rung each second when asked.
    private void Wait(TimeSpan duration, List<string>? rungs, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
            {
                throw new OperationCanceledException(cancellationToken);
            }

            rungs?.Add(Rung());
        }
    }

    private static void WaitFor(Func<bool> condition, TimeSpan limit, string failure, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                throw new TimeoutException(failure);
            }

            if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200)))
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
