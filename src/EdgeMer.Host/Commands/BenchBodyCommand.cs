using System.CommandLine;
using System.Globalization;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Body;
using EdgeMer.Tools.Benchmarks;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bench body</c>: the body pipeline on one core over the sample photograph of a standing
/// person drifting across a 320x240 frame: its time per frame over the ONNX Runtime time of the same
/// runs (target ≤ 1.10), and managed bytes per frame in steady state (target 0).
/// </summary>
internal static class BenchBodyCommand
{
    private const string PhotographName = "standing.jpg";
    private const int Width = 320, Height = 240, FramesPerPass = 30;

    public static Command Create()
    {
        var passes = new Option<int>("--passes") { Description = "Timed passes over the frames.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed passes first.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var poseModel = new Option<string>("--pose-model")
        {
            Description = "The pose model: movenet-lightning (the default), movenet-multipose or blazepose-lite.",
            DefaultValueFactory = _ => PoseModel.LightningId,
        };
        poseModel.AcceptOnlyFromAmong([.. PoseModel.Ids]);
        foreach (Option<int> option in (Option<int>[])[passes, warmup])
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() is < 0 or > 10_000)
                {
                    result.AddError($"{option.Name} must be 0 to 10000");
                }
            });
        }

        var command = new Command("body", "The body pipeline on one core: time per frame over its ONNX Runtime time, allocations per frame.")
        {
            passes, warmup, json, poseModel,
        };
        command.SetAction(parse => Run(
            Math.Max(1, parse.GetValue(passes)),
            parse.GetValue(warmup),
            parse.GetValue(json),
            parse.GetValue(poseModel)!,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(int passes, int warmup, bool json, string poseModel, TextWriter output, TextWriter error)
    {
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            string catalogFolder = EdgeMerPaths.Catalog(null);
            string path = Path.Combine(catalogFolder, "sample-media", PhotographName);
            RgbImage photo = ImageFile.Decode(path);
            RgbImage[] frames = BodyBenchmark.Frames(photo, Width, Height, FramesPerPass);
            InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), loggerFactory);
            using PoseModel model = PoseModel.Load(environment, ModelCatalog.Load(catalogFolder), new ModelStore(EdgeMerPaths.ModelStore), new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 }, id: poseModel);
            BodyBenchmarkReport report = new BodyBenchmark(model).Run(PhotographName, frames, passes, warmup, progress: json ? null : step => error.WriteLine($"measuring: {step}..."));
            BenchCommand.Print(report, json, BodyBenchmarkJsonContext.Default.BodyBenchmarkReport, Write, output);

            return 0;
        }
        catch (Exception e) when (BenchCommand.IsModelBenchmarkFailure(e))
        {
            error.WriteLine($"edgemer bench body: {e.Message}");
            return 1;
        }
    }

    private static void Write(BodyBenchmarkReport r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Body pipeline ({r.PoseModel}) on {r.Photograph} drifting across {r.FrameWidth}x{r.FrameHeight} frames, {r.Passes} timed passes of {r.FramesPerPass} frames after {r.WarmupPasses}, one thread"));
        output.WriteLine($"CPU: {r.Cpu}; features: {string.Join(' ', r.CpuFeatures)}");
        output.WriteLine(string.Create(c, $"ONNX Runtime {r.OnnxRuntimeVersion}, 1 intra-op thread; a person in {r.PersonFrames} of {r.Frames} frames"));
        output.WriteLine(string.Create(c, $"per frame: {r.TotalMsPerFrame:0.000} ms in all, {r.ModelMsPerFrame:0.000} ms in ONNX Runtime, {r.PreprocessMsPerFrame:0.000} ms preprocessing, {r.TrackingMsPerFrame:0.000} ms tracking and gait"));
        output.WriteLine(string.Create(c, $"pipeline / its ONNX Runtime time: {r.TotalOverModel:0.000} (target <= 1.10: {(r.TotalOverModel <= 1.10 ? "met" : "NOT met")})"));
        output.WriteLine(string.Create(c, $"managed bytes allocated per frame: {r.ManagedBytesPerFrame:0.##} (target 0: {(r.ManagedBytesPerFrame == 0 ? "met" : "NOT met")})"));
    }
}
