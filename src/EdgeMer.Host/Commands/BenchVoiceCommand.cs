using System.CommandLine;
using System.Globalization;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Voice;
using EdgeMer.Tools.Benchmarks;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bench voice</c>: the voice pipeline on one core over the sample speech: real-time factor
/// (target ≤ 0.05), the voice activity detector's time over its ONNX Runtime time (target ≤ 1.10), the
/// analysis time per speech segment, and managed bytes per chunk in steady state (target 0).
/// </summary>
internal static class BenchVoiceCommand
{
    private const string SoundName = "speech.wav";

    public static Command Create()
    {
        var passes = new Option<int>("--passes") { Description = "Timed passes over the sound.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed passes first.", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var sound = new Option<string>("--sound") { Description = $"A sound file (default: {SoundName} of the sample media)." };
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

        var command = new Command("voice", "The voice pipeline on one core: real-time factor, voice activity time over its ONNX Runtime time, analysis per segment, allocations per chunk.")
        {
            passes, warmup, json, sound,
        };
        command.SetAction(parse => Run(
            Math.Max(1, parse.GetValue(passes)),
            parse.GetValue(warmup),
            parse.GetValue(json),
            parse.GetValue(sound),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(int passes, int warmup, bool json, string? soundPath, TextWriter output, TextWriter error)
    {
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            string catalogFolder = EdgeMerPaths.Catalog(null);
            string path = soundPath ?? Path.Combine(catalogFolder, "sample-media", SoundName);
            if (!File.Exists(path))
            {
                error.WriteLine($"edgemer bench voice: {path}: no such sound file (give one with --sound)");
                return 1;
            }

            float[] sound = VoiceBenchmark.Decode(path);
            InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), loggerFactory);
            var store = new ModelStore(EdgeMerPaths.ModelStore);
            using SileroVoiceActivityModel vad = SileroVoiceActivityModel.Load(environment, ModelCatalog.Load(catalogFolder), store, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
            VoiceBenchmarkReport report = new VoiceBenchmark(vad).Run(Path.GetFileName(path), sound, passes, warmup, progress: json ? null : step => error.WriteLine($"measuring: {step}..."));
            BenchCommand.Print(report, json, VoiceBenchmarkJsonContext.Default.VoiceBenchmarkReport, Write, output);

            return 0;
        }
        catch (Exception e) when (BenchCommand.IsModelBenchmarkFailure(e))
        {
            error.WriteLine($"edgemer bench voice: {e.Message}");
            return 1;
        }
    }

    private static void Write(VoiceBenchmarkReport r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Voice pipeline on {r.Sound} ({r.SoundSeconds:0.00} s), {r.Passes} timed passes after {r.WarmupPasses}, chunks of {r.SamplesPerChunk} samples, one thread"));
        output.WriteLine($"CPU: {r.Cpu}; features: {string.Join(' ', r.CpuFeatures)}");
        output.WriteLine(string.Create(c, $"ONNX Runtime {r.OnnxRuntimeVersion}, 1 intra-op thread"));
        output.WriteLine(string.Create(c, $"{r.Chunks} chunks, {r.VadModelRuns} voice activity frames, {r.SpeechSegments} speech segments"));
        output.WriteLine(string.Create(c, $"processing {r.ProcessingSeconds * 1000:0.0} ms for {r.SoundSeconds * r.Passes:0.0} s of sound"));
        output.WriteLine(string.Create(c, $"real-time factor (processing / sound): {r.RealTimeFactor:0.0000} (target <= 0.05: {(r.RealTimeFactor <= 0.05 ? "met" : "NOT met")})"));
        output.WriteLine(string.Create(c, $"voice activity {r.VadMs:0.0} ms / its ONNX Runtime time {r.VadModelMs:0.0} ms: {r.VadOverModel:0.000} (target <= 1.10: {(r.VadOverModel <= 1.10 ? "met" : "NOT met")})"));
        output.WriteLine(string.Create(c, $"prosody and affect per speech segment: {r.AnalysisMsPerSegment:0.000} ms"));
        output.WriteLine(string.Create(c, $"managed bytes allocated per chunk: {r.ManagedBytesPerChunk:0.##} (target 0: {(r.ManagedBytesPerChunk == 0 ? "met" : "NOT met")})"));
    }
}
