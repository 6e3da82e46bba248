using System.CommandLine;
using System.Globalization;
using EdgeMer.Tools.Benchmarks;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Face;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bench face</c>: the face pipeline per frame of the 640x480 sample clip with three faces:
/// preprocessing, each model, postprocessing, total; total over the ONNX Runtime time of the same runs
/// (target ≤ 1.10), preprocessing over the detector's ONNX Runtime time (target ≤ 0.10), managed bytes
/// per frame (target 0); and EdgeMer's preprocessing next to SkiaSharp's.
/// </summary>
internal static class BenchFaceCommand
{
    private const string ClipName = "faces-640x480.mp4";

    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Timed frames.", DefaultValueFactory = _ => 100 };
        // As bench pipeline: enough frames for a JIT-run edgemer.dll to reach its optimised code.
        var warmup = new Option<int>("--warmup") { Description = "Untimed frames first.", DefaultValueFactory = _ => 60 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads per model.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var clip = new Option<string>("--clip") { Description = $"A 640x480 video (default: {ClipName} of the sample media)." };
        foreach (Option<int> option in (Option<int>[])[frames, warmup, threads])
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() is < 0 or > 100_000)
                {
                    result.AddError($"{option.Name} must be 0 to 100000");
                }
            });
        }

        var command = new Command("face", "The face pipeline per frame of a 640x480 clip with three faces: preprocessing, each model, postprocessing, total, allocations; EdgeMer's preprocessing vs SkiaSharp's.")
        {
            frames, warmup, threads, json, clip,
        };
        command.SetAction(parse => Run(
            Math.Max(1, parse.GetValue(frames)),
            parse.GetValue(warmup),
            Math.Max(1, parse.GetValue(threads)),
            parse.GetValue(json),
            parse.GetValue(clip),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(int timed, int warmup, int threads, bool json, string? clipPath, TextWriter output, TextWriter error)
    {
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            string catalogFolder = EdgeMerPaths.Catalog(null);
            string clip = clipPath ?? Path.Combine(catalogFolder, "sample-media", ClipName);
            if (!File.Exists(clip))
            {
                error.WriteLine($"edgemer bench face: {clip}: no such clip (give one with --clip)");
                return 1;
            }

            RgbImage[] frames = FaceBenchmark.Decode(clip, 640, 480);
            InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), loggerFactory);
            var store = new ModelStore(EdgeMerPaths.ModelStore);
            using FaceModels models = FaceModels.Load(environment, ModelCatalog.Load(catalogFolder), store, new InferenceSessionOptions { IntraOpThreads = threads, InterOpThreads = 1 });
            FaceBenchmarkReport report = new FaceBenchmark(models, threads).Run(Path.GetFileName(clip), frames, timed, warmup, json ? null : step => error.WriteLine($"measuring: {step}..."));
            BenchCommand.Print(report, json, FaceBenchmarkJsonContext.Default.FaceBenchmarkReport, Write, output);

            return 0;
        }
        catch (Exception e) when (BenchCommand.IsModelBenchmarkFailure(e))
        {
            error.WriteLine($"edgemer bench face: {e.Message}");
            return 1;
        }
    }

    private static void Write(FaceBenchmarkReport r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Face pipeline on {r.Clip} ({r.Width}x{r.Height}, {r.FacesPerFrame:0.#} faces per frame), every stage on every frame; {r.Frames} timed frames after {r.WarmupFrames}"));
        output.WriteLine($"CPU: {r.Cpu}; features: {string.Join(' ', r.CpuFeatures)}");
        output.WriteLine($"Preprocessing SIMD: {r.SimdPath}");
        output.WriteLine(string.Create(c, $"ONNX Runtime {r.OnnxRuntimeVersion}, {r.IntraOpThreads} intra-op thread(s) per model"));
        output.WriteLine();
        output.WriteLine($"{"stage",-16} {"models",-16} {"preprocess ms",14} {"ONNX Runtime ms",16} {"postprocess ms",15} {"runs/frame",11}");
        foreach (FaceBenchmarkStage s in r.Stages)
        {
            output.WriteLine(string.Create(c, $"{s.Stage,-16} {s.Models,-16} {s.PreprocessMs,14:0.000} {s.ModelMs,16:0.000} {s.PostprocessMs,15:0.000} {s.ModelRunsPerFrame,11:0.#}"));
        }

        output.WriteLine(string.Create(c, $"{"per frame",-33} {r.PreprocessMs,14:0.000} {r.ModelMs,16:0.000} {r.PostprocessMs,15:0.000}   (postprocess includes tracking and states)"));
        output.WriteLine(string.Create(c, $"total per frame: {r.TotalMs:0.000} ms"));
        output.WriteLine(string.Create(c, $"total / ONNX Runtime time of the same runs: {r.TotalOverModel:0.000} (target <= 1.10: {(r.TotalOverModel <= 1.10 ? "met" : "NOT met")})"));
        output.WriteLine(string.Create(c, $"detector preprocessing / detector ONNX Runtime time: {r.DetectorPreprocessOverDetectorModel:0.000} (target <= 0.10: {(r.DetectorPreprocessOverDetectorModel <= 0.10 ? "met" : "NOT met")})"));
        output.WriteLine(string.Create(c, $"managed bytes allocated per frame: {r.ManagedBytesPerFrame:0.##} (target 0: {(r.ManagedBytesPerFrame == 0 ? "met" : "NOT met")})"));
        output.WriteLine();
        output.WriteLine($"{"preprocessing job",-52} {"EdgeMer µs",11} {"SkiaSharp µs",13} {"EdgeMer/Skia",13}");
        foreach (PreprocessingComparison p in r.Preprocessing)
        {
            output.WriteLine(string.Create(c, $"{p.Job,-52} {p.EdgeMerMicroseconds,11:0.0} {p.SkiaSharpMicroseconds,13:0.0} {p.EdgeMerOverSkiaSharp,13:0.000}"));
        }
    }
}
