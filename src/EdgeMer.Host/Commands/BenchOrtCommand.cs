using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMer.Tools.Benchmarks;
using EdgeMer.Inference;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bench ort</c>: EdgeMer's ONNX Runtime binding next to the official managed API
/// (Microsoft.ML.OnnxRuntime) on the same native library, in the same process: each side's pre-bound
/// path and each side's allocating Run, on identity models and catalog models, with ratios.
/// </summary>
internal static class BenchOrtCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = "Timed calls per path on the identity models.",
            DefaultValueFactory = _ => 10_000,
        };
        RequireAtLeastOne(iterations);

        var modelIterations = new Option<int>("--model-iterations")
        {
            Description = "Timed calls per path on the catalog models (emotion, blazeface-back).",
            DefaultValueFactory = _ => 1_000,
        };
        RequireAtLeastOne(modelIterations);

        var warmup = new Option<int?>("--warmup")
        {
            Description = "Untimed calls per path before timing (default: a tenth of --iterations, at most 1000).",
        };
        warmup.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
            {
                result.AddError("--warmup must be 0 or more");
            }
        });

        var store = new Option<string?>("--store") { Description = "Folder of built models (default: $EDGEMER_CACHE/models)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };

        var command = new Command("ort", "EdgeMer's ONNX Runtime binding vs the official managed API on the same library, in one process: identity and catalog models.")
        {
            iterations,
            modelIterations,
            warmup,
            store,
            json,
        };
        command.SetAction(parseResult =>
        {
            int runs = parseResult.GetValue(iterations);
            int warm = parseResult.GetValue(warmup) ?? Math.Min(1000, Math.Max(1, runs / 10));
            return Run(
                runs,
                parseResult.GetValue(modelIterations),
                warm,
                parseResult.GetValue(store) ?? EdgeMerPaths.ModelStore,
                parseResult.GetValue(json),
                parseResult.InvocationConfiguration.Output,
                parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    private static void RequireAtLeastOne(Option<int> option) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{option.Name} must be at least 1");
            }
        });

    private static int Run(int iterations, int modelIterations, int warmup, string store, bool json, TextWriter output, TextWriter error)
    {
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

        // EdgeMer's environment first: ONNX Runtime keeps one per process, and the official API joins it.
        InferenceEnvironment environment;
        try
        {
            environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), loggerFactory);
        }
        catch (Exception e) when (e is OnnxRuntimeLibraryNotFoundException or InvalidOperationException)
        {
            error.WriteLine(e.Message);
            return 2;
        }

        var benchmark = new OrtOverheadBenchmark(environment, store);
        OrtBenchmarkReport report;
        try
        {
            report = benchmark.Run(iterations, modelIterations, warmup, json ? null : step => error.WriteLine($"measuring {step}..."));
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.OrtBenchmarkReport));
        }
        else
        {
            WriteTable(report, output);
        }

        foreach (string skipped in report.Skipped)
        {
            error.WriteLine($"not measured: {skipped}");
        }

        return report.Skipped.Count == 0 ? 0 : 1;
    }

    private static void WriteTable(OrtBenchmarkReport report, TextWriter output)
    {
        output.WriteLine($"ONNX Runtime {report.OnnxRuntimeVersion} from {report.OnnxRuntimeLibrary}: EdgeMer (C API {report.OnnxRuntimeApiVersion}) and {report.OfficialApi}");
        output.WriteLine($"one process, one timing thread, {report.IntraOpThreads} intra-op thread per session, {report.Rounds} rounds per path in rotating order, {report.Warmup} warm-up calls");
        output.WriteLine($"CPU: {report.Cpu} ({string.Join(' ', report.CpuFeatures)})");
        output.WriteLine();
        output.WriteLine($"  {"path",-30} {"mean µs",10} {"p50 µs",10} {"p99 µs",10} {"alloc B/run",12}");
        foreach (OrtBenchmarkCase measured in report.Cases)
        {
            output.WriteLine($"{measured.Model}: {string.Join(", ", measured.Inputs)}; {measured.Iterations} timed calls per path");
            WriteRow(output, measured.EdgeMerBinding);
            WriteRow(output, measured.OfficialBinding);
            WriteRatio(output, measured.BindingRatio);
            WriteRow(output, measured.EdgeMerRun);
            WriteRow(output, measured.OfficialRun);
            WriteRatio(output, measured.RunRatio);
        }

        output.WriteLine();
        output.WriteLine("What each path times, per call:");
        if (report.Cases.Count > 0)
        {
            OrtBenchmarkCase first = report.Cases[0];
            foreach (OrtBenchmarkPath path in (OrtBenchmarkPath[])[first.EdgeMerBinding, first.OfficialBinding, first.EdgeMerRun, first.OfficialRun])
            {
                output.WriteLine($"  {path.Name}: {path.Times}");
            }
        }
    }

    private static void WriteRow(TextWriter output, OrtBenchmarkPath path) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {path.Name,-30} {path.Latency.MeanMicroseconds,10:0.000} {path.Latency.P50Microseconds,10:0.000} {path.Latency.P99Microseconds,10:0.000} {path.AllocatedBytesPerRun,12:0.##}"));

    private static void WriteRatio(TextWriter output, LatencyRatio ratio) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"ratio EdgeMer/official",-30} {ratio.Mean,10:0.000} {ratio.P50,10:0.000} {ratio.P99,10:0.000}"));
}
