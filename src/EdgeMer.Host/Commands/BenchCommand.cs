using System.CommandLine;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer bench</c>: benchmarks that compare EdgeMer with an independent peer and report ratios from one run.</summary>
internal static class BenchCommand
{
    // One line per benchmark.
    public static Command Create() => new("bench", "Measure EdgeMer against independent peers; every ratio comes from one run.")
    {
        BenchOrtCommand.Create(),
        BenchZmqCommand.Create(),
        BenchFaceCommand.Create(),
        BenchVoiceCommand.Create(),
        BenchBodyCommand.Create(),
    };
}
