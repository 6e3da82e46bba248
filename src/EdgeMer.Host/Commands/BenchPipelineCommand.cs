using System.CommandLine;
using System.Globalization;
using EdgeMer.Devices;
using EdgeMer.Host.Benchmarks;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Body;
using EdgeMer.Perception.Face;
using EdgeMer.Runtime;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Tools.Benchmarks;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bench pipeline</c>: the per-frame path of <c>edgemer run</c> (face and body pipelines
/// chained, observations into the fuser) against the raw ONNX Runtime runs of its models (target
/// ≤ 1.10) and against the same models standalone (≤ 1.2), managed bytes per frame (0); then the
/// service itself under a competing load on every core (p99 capture to observation within the
/// profile's budget by degrading, ≤ 1.0) and its recovery; with <c>--soak</c>, only the service for
/// a long run, resident memory at the end over after a minute (≤ 1.05).
/// </summary>
internal static class BenchPipelineCommand
{
    private const string ClipName = "faces-640x480.mp4", SoundName = "speech.wav";

    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Timed frames of the per-frame path.", DefaultValueFactory = _ => 60 };
        // Enough for a JIT-run edgemer.dll's code to reach its optimised tier (after 10 frames, part of the
        // postprocessing still ran unoptimised: 0.45 ms a frame against 0.1 ms optimised); Native AOT needs none.
        var warmup = new Option<int>("--warmup") { Description = "Untimed frames first.", DefaultValueFactory = _ => 60 };
        var runs = new Option<int>("--standalone-runs") { Description = "Timed runs of each model standalone, per API.", DefaultValueFactory = _ => 100 };
        var loadSeconds = new Option<int>("--load-seconds") { Description = "How long the competing load runs (0: skip the service under load).", DefaultValueFactory = _ => 40 };
        var recovery = new Option<int>("--recovery-seconds") { Description = "How long to wait, once the load stops, for the ladder to be back at none.", DefaultValueFactory = _ => 90 };
        var window = new Option<int>("--window") { Description = "Seconds of latency each figure of the service is taken over.", DefaultValueFactory = _ => 10 };
        var soak = new Option<bool>("--soak") { Description = "Only the soak: the service for --soak-minutes, RSS at the end over RSS after one minute." };
        var soakMinutes = new Option<int>("--soak-minutes") { Description = "How long the soak runs.", DefaultValueFactory = _ => 10 };
        var profile = new Option<string>("--profile") { Description = "The device profile the service runs with.", DefaultValueFactory = _ => "x64-dev" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        Limit(frames, 1, 100_000);
        Limit(warmup, 1, 100_000);
        Limit(runs, 1, 100_000);
        Limit(loadSeconds, 0, 3_600);
        Limit(window, 2, 600);
        Limit(recovery, 1, 3_600);
        Limit(soakMinutes, 2, 10_080);
        var command = new Command("pipeline", "The whole per-frame path vs raw ONNX Runtime and vs its models standalone, allocations; the service under a competing load; --soak for memory over a long run.")
        {
            frames, warmup, runs, loadSeconds, recovery, window, soak, soakMinutes, profile, json,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            new Settings(
                parse.GetValue(frames), parse.GetValue(warmup), parse.GetValue(runs), parse.GetValue(loadSeconds), parse.GetValue(recovery), parse.GetValue(window),
                parse.GetValue(soak), parse.GetValue(soakMinutes), parse.GetRequiredValue(profile)),
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    private static void Limit(Option<int> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < min || result.GetValueOrDefault<int>() > max)
            {
                result.AddError($"{option.Name} must be {min} to {max}");
            }
        });

    private sealed record Settings(int Frames, int Warmup, int StandaloneRuns, int LoadSeconds, int RecoverySeconds, int Window, bool Soak, int SoakMinutes, string Profile);

    private static int Run(Settings settings, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        Action<string>? progress = json ? null : step => error.WriteLine($"measuring: {step}...");
        try
        {
            string catalogFolder = EdgeMerPaths.Catalog(null);
            string clip = Path.Combine(catalogFolder, "sample-media", ClipName);
            string sound = Path.Combine(catalogFolder, "sample-media", SoundName);
            DeviceProfile profile = DeviceProfileLoader.Load(Path.Combine(EdgeMerPaths.Devices, settings.Profile + ".json"));

            // The environment as the service creates it for this profile, so both parts run alike.
            InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(
                new InferenceEnvironmentOptions { GlobalThreadPools = DeviceInferenceSettings.ThreadPools(profile) }, loggerFactory);
            PipelineChainReport? chain = null;
            ServiceLoadReport? load = null;
            ServiceSoakReport? soak = null;
            if (!settings.Soak)
            {
                chain = Chain(settings, environment, profile, catalogFolder, clip, progress);
            }

            if (settings.Soak || settings.LoadSeconds > 0)
            {
                using var service = new ServiceBenchmark(settings.Profile, EdgeMerPaths.Devices, catalogFolder, EdgeMerPaths.ModelStore, clip, sound);
                service.StartAsync(cancellationToken).GetAwaiter().GetResult();
                try
                {
                    TimeSpan window = TimeSpan.FromSeconds(settings.Window);
                    if (settings.Soak)
                    {
                        soak = service.Soak(TimeSpan.FromMinutes(settings.SoakMinutes), progress, cancellationToken);
                    }
                    else
                    {
                        load = service.MeasureLoad(window, TimeSpan.FromSeconds(settings.LoadSeconds), TimeSpan.FromSeconds(settings.RecoverySeconds), progress, cancellationToken);
                    }
                }
                finally
                {
                    service.StopAsync().GetAwaiter().GetResult();
                }
            }

            BenchCommand.Print(new PipelineBenchmarkReport(ClipName, chain, load, soak), json, PipelineBenchmarkJsonContext.Default.PipelineBenchmarkReport, Write, output);
            return 0;
        }
        catch (Exception e) when (BenchCommand.IsModelBenchmarkFailure(e) || RuntimeStartFailure.TryDescribe(e, out _) || e is DeviceProfileException)
        {
            error.WriteLine($"edgemer bench pipeline: {(RuntimeStartFailure.TryDescribe(e, out string message) ? message : e.Message)}");
            return 1;
        }
    }

    private static PipelineChainReport Chain(Settings settings, InferenceEnvironment environment, DeviceProfile profile, string catalogFolder, string clip, Action<string>? progress)
    {
        RgbImage[] frames = FaceBenchmark.Decode(clip, 640, 480);
        var catalog = ModelCatalog.Load(catalogFolder);
        var store = new ModelStore(EdgeMerPaths.ModelStore);
        InferenceSessionOptions options = DeviceInferenceSettings.SessionOptions(profile, environment.HasGlobalThreadPools);
        using FaceModels face = FaceModels.Load(environment, catalog, store, options);
        using PoseModel pose = PoseModel.Load(environment, catalog, store, options);
        return new PipelineBenchmark(environment, face, pose, store, Math.Max(1, profile.Inference.IntraOpThreads))
            .Run(frames, settings.Frames, settings.Warmup, settings.StandaloneRuns, progress);
    }

    private static void Write(PipelineBenchmarkReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        if (report.Chain is { } r)
        {
            output.WriteLine(string.Create(c, $"Per-frame path of edgemer run on {report.Clip} ({r.Width}x{r.Height}, {r.FacesPerFrame:0.#} faces, {r.PeoplePerFrame:0.#} bodies per frame), every face stage on every frame, body pose, observations into the fuser; {r.Frames} timed frames after {r.WarmupFrames}, one thread"));
            output.WriteLine($"CPU: {r.Cpu}; features: {string.Join(' ', r.CpuFeatures)}");
            output.WriteLine(string.Create(c, $"ONNX Runtime {r.OnnxRuntimeVersion}, {r.IntraOpThreads} intra-op thread(s); raw runs through {r.RawOrt}"));
            output.WriteLine();
            output.WriteLine($"{"model",-18} {"stage",-16} {"runs/frame",11} {"EdgeMer ms/run",15} {"official ms/run",16}   input");
            foreach (PipelineModelCost m in r.Models)
            {
                output.WriteLine(string.Create(c, $"{m.Model,-18} {m.Stage,-16} {m.RunsPerFrame,11:0.##} {m.EdgeMerMs,15:0.000} {m.OfficialMs,16:0.000}   {m.Input}"));
            }

            output.WriteLine();
            output.WriteLine($"{"stage",-16} {"chained ms",11} {"standalone ms",14} {"ratio",7}");
            foreach (PipelineStageCost s in r.Stages)
            {
                output.WriteLine(string.Create(c, $"{s.Stage,-16} {s.ChainedModelMs,11:0.000} {s.StandaloneModelMs,14:0.000} {s.ChainedOverStandalone,7:0.000}"));
            }

            output.WriteLine();
            output.WriteLine(string.Create(c, $"per frame: pipeline {r.PipelineMs:0.000} ms, its models chained {r.ChainedModelMs:0.000} ms, standalone {r.StandaloneModelMs:0.000} ms, raw ONNX Runtime {r.RawOrtMs:0.000} ms"));
            output.WriteLine(string.Create(c, $"beside the models: preprocessing {r.PreprocessMs:0.000} ms, postprocessing with face tracking and states {r.PostprocessMs:0.000} ms, the rest (body tracking, gait, joining, fusion) {r.PipelineMs - r.ChainedModelMs - r.PreprocessMs - r.PostprocessMs:0.000} ms"));
            output.WriteLine(string.Create(c, $"pipeline / raw ONNX Runtime runs: {r.PipelineOverRawOrt:0.000} (target <= 1.10: {Met(r.PipelineOverRawOrt <= 1.10)})"));
            output.WriteLine(string.Create(c, $"models chained / standalone: {r.ChainedOverStandalone:0.000} (target <= 1.2: {Met(r.ChainedOverStandalone <= 1.2)})"));
            output.WriteLine(string.Create(c, $"managed bytes allocated per frame: {r.ManagedBytesPerFrame:0.##} (target 0: {Met(r.ManagedBytesPerFrame == 0)}): face {r.FaceBytesPerFrame:0.##}, body {r.BodyBytesPerFrame:0.##}, fuser {r.FusionBytesPerFrame:0.##} ({r.NewFaceTracks} new face tracks in the timed frames)"));
        }

        if (report.Load is { } l)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"The service (profile {l.Profile}, budget {l.BudgetMs:0} ms) on the sample clip and speech in a loop; capture to observation (face.latency), figures over {l.WindowSeconds:0} s"));
            output.WriteLine(string.Create(c, $"unloaded: p50 {l.UnloadedP50Ms:0.0} ms, p99 {l.UnloadedP99Ms:0.0} ms, {l.UnloadedFaceRate:0.#} frames/s, rung {l.UnloadedRung}"));
            output.WriteLine(string.Create(c, $"{l.CompetingProcesses} busy processes beside it: p50 {l.LoadedP50Ms:0.0} ms, p99 {l.LoadedP99Ms:0.0} ms, {l.LoadedFaceRate:0.#} frames/s, rung {l.LoadedRung}, {l.DeadlineMisses} deadline misses since start"));
            output.WriteLine(string.Create(c, $"p99 under load / budget: {l.LoadedP99OverBudget:0.000} (target <= 1.0: {Met(l.LoadedP99OverBudget <= 1.0)})"));
            output.WriteLine($"rung each second from the load's start: {Runs(l.Rungs)}");
            output.WriteLine($"lighter-models rung: {l.LighterModelsRung}");
            output.WriteLine(string.Create(c, $"each stage over the loaded phase's last {l.WindowSeconds:0} s (p50 / p99 ms, runs/s, dropped since start):"));
            foreach (ServiceStageFigures s in l.LoadedStages)
            {
                output.WriteLine(string.Create(c, $"  {s.Stage,-14} {s.P50Ms,7:0.0} / {s.P99Ms,7:0.0} {s.RatePerSecond,6:0.0} {s.Dropped,6}"));
            }
            output.WriteLine(l.RecoveredAfterSeconds is { } seconds
                ? string.Create(c, $"back at none {seconds:0} s after the load stopped")
                : string.Create(c, $"not back at none within {l.RecoveryLimitSeconds:0} s of the load stopping"));
        }

        if (report.Soak is { } s2)
        {
            output.WriteLine("minute   RSS MiB   managed heap MiB   allocated MiB   collections   threads   rung");
            foreach (SoakSample sample in s2.Samples)
            {
                output.WriteLine(string.Create(c, $"{sample.Minute,6} {sample.RssMiB,9:0.0} {sample.ManagedHeapMiB,18:0.0} {sample.AllocatedMiB,15:0.00} {sample.Collections,13} {sample.Threads,9}   {sample.Rung}"));
            }

            output.WriteLine(string.Create(c, $"Soak: {s2.Minutes:0.#} minutes, {s2.Summaries} fusion ticks; RSS {s2.RssAfterOneMinuteMiB:0.0} MiB after 1 minute, {s2.RssEndMiB:0.0} MiB at the end: ratio {s2.RssRatio:0.000} (target <= 1.05: {Met(s2.RssRatio <= 1.05)}); over the second half: {s2.RssSecondHalfRatio:0.000}"));
        }
    }

    private static string Met(bool met) => met ? "met" : "NOT met";

    // "LowerRates x7, PauseModality x30": each rung and the seconds it held, in order.
    private static string Runs(IReadOnlyList<string> rungs)
    {
        var parts = new List<string>();
        for (int i = 0; i < rungs.Count;)
        {
            int j = i;
            while (j < rungs.Count && rungs[j] == rungs[i])
            {
                j++;
            }

            parts.Add($"{rungs[i]} x{j - i}");
            i = j;
        }

        return string.Join(", ", parts);
    }
}
