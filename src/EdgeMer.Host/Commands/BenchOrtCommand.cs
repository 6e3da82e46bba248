using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMer.Host.Benchmarks;
using EdgeMer.Inference;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer bench ort</c>: per-call overhead of EdgeMer's ONNX Runtime binding next to
/// onnxruntime-node on the same identity models, with EdgeMer/peer ratios.
/// </summary>
internal static class BenchOrtCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = "Timed runs per model and runtime.",
            DefaultValueFactory = _ => 10_000,
        };
        iterations.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--iterations must be at least 1");
            }
        });

        var warmup = new Option<int?>("--warmup")
        {
            Description = "Untimed runs before timing (default: a tenth of --iterations, at most 1000).",
        };
        warmup.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
            {
                result.AddError("--warmup must be 0 or more");
            }
        });

        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };

        var command = new Command("ort", "Per-call overhead of EdgeMer's ONNX Runtime binding vs onnxruntime-node on identity models.")
        {
            iterations,
            warmup,
            json,
        };
        command.SetAction(parseResult =>
        {
            int runs = parseResult.GetValue(iterations);
            int warm = parseResult.GetValue(warmup) ?? Math.Min(1000, Math.Max(1, runs / 10));
            return Run(runs, warm, parseResult.GetValue(json), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(int iterations, int warmup, bool json, TextWriter output, TextWriter error)
    {
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

        InferenceEnvironment environment;
        try
        {
            environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), loggerFactory);
        }
        catch (OnnxRuntimeLibraryNotFoundException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }

        NodeOrtPeer? peer = NodeOrtPeer.Find(out string? peerProblem);
        var benchmark = new OrtOverheadBenchmark(environment, peer, peerProblem);
        OrtBenchmarkReport report = benchmark.Run(iterations, warmup, json ? null : step => error.WriteLine($"measuring {step}..."));

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.OrtBenchmarkReport));
        }
        else
        {
            WriteTable(report, output);
        }

        bool peerRan = true;
        foreach (OrtBenchmarkCase measured in report.Cases)
        {
            if (measured.Peer is null)
            {
                error.WriteLine($"{measured.Model}: the peer did not run: {measured.PeerError}");
                peerRan = false;
            }
        }

        return peerRan ? 0 : 1;
    }

    private static void WriteTable(OrtBenchmarkReport report, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ONNX Runtime per-call overhead: identity models, 1 intra-op thread, {report.Iterations} timed runs after {report.Warmup} warm-up runs"));
        output.WriteLine($"EdgeMer: ONNX Runtime {report.OnnxRuntimeVersion} (C API {report.OnnxRuntimeApiVersion}) from {report.OnnxRuntimeLibrary}");
        output.WriteLine($"Peer:    {report.Peer}");
        output.WriteLine();
        output.WriteLine($"{"model",-30} {"runtime",-18} {"mean µs",10} {"p50 µs",10} {"p99 µs",10} {"alloc B/run",12}");
        foreach (OrtBenchmarkCase measured in report.Cases)
        {
            WriteRow(output, measured.Model, "EdgeMer", measured.EdgeMer, measured.EdgeMerAllocatedBytesPerRun.ToString("0.##", CultureInfo.InvariantCulture));
            if (measured.Peer is not null && measured.Ratio is not null)
            {
                WriteRow(output, string.Empty, "onnxruntime-node", measured.Peer, string.Empty);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{string.Empty,-30} {"ratio EdgeMer/peer",-18} {measured.Ratio.Mean,10:0.000} {measured.Ratio.P50,10:0.000} {measured.Ratio.P99,10:0.000}"));
            }
            else
            {
                output.WriteLine($"{string.Empty,-30} {"onnxruntime-node",-18} did not run: {measured.PeerError}");
            }
        }
    }

    private static void WriteRow(TextWriter output, string model, string runtime, LatencySummary figures, string allocated) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model,-30} {runtime,-18} {figures.MeanMicroseconds,10:0.000} {figures.P50Microseconds,10:0.000} {figures.P99Microseconds,10:0.000} {allocated,12}"));
}
