using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer bench</c>: benchmarks that compare EdgeMer with an independent peer and report ratios from one run.</summary>
internal static class BenchCommand
{
    // One line per benchmark.
    public static Command Create() => new("bench", "Measure EdgeMer against independent peers; every ratio comes from one run.")
    {
        BenchOrtCommand.Create(),
        BenchZmqCommand.Create(),
        BenchBridgeCommand.Create(),
        BenchFaceCommand.Create(),
        BenchVoiceCommand.Create(),
        BenchBodyCommand.Create(),
        BenchPipelineCommand.Create(),
    };

    /// <summary>Prints a benchmark's report: its JSON with --json, else its text.</summary>
    internal static void Print<T>(T report, bool json, JsonTypeInfo<T> type, Action<T, TextWriter> write, TextWriter output)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, type));
        }
        else
        {
            write(report, output);
        }
    }

    /// <summary>What a benchmark of the models reports as one line and exit code 1: a model not built, no runtime, media it cannot read.</summary>
    internal static bool IsModelBenchmarkFailure(Exception e) =>
        e is ModelManifestException or OnnxRuntimeException or OnnxRuntimeLibraryNotFoundException or IOException or InvalidDataException or InvalidOperationException or TimeoutException;
}
