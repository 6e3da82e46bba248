using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMer.Host.Benchmarks;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer bench zmq</c>: egress latency and throughput over loopback, with the real libzmq.</summary>
internal static class BenchZmqCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var samples = new Option<int>("--samples")
        {
            Description = "Latency samples per message path and size.",
            DefaultValueFactory = _ => 5000,
        };
        var messages = new Option<int>("--messages")
        {
            Description = "Messages per throughput run (plain, then CURVE).",
            DefaultValueFactory = _ => 100_000,
        };
        var bytes = new Option<int>("--bytes")
        {
            Description = "Message size for the throughput runs (the largest summary is 4096).",
            DefaultValueFactory = _ => 1024,
        };
        var command = new Command("zmq", "Publish-to-receive latency (p50/p99) for 1 KB and 4 KB messages and a real summary, and CURVE vs plain throughput, over tcp://127.0.0.1.");
        command.Options.Add(json);
        command.Options.Add(samples);
        command.Options.Add(messages);
        command.Options.Add(bytes);
        command.SetAction(parse =>
        {
            int sampleCount = parse.GetValue(samples);
            int messageCount = parse.GetValue(messages);
            int size = parse.GetValue(bytes);
            if (sampleCount is < 100 or > 1_000_000 || messageCount is < 1000 or > 10_000_000 || size is < 16 or > 65536)
            {
                Console.Error.WriteLine("edgemer bench zmq: --samples must be from 100 to 1000000, --messages from 1000 to 10000000, --bytes from 16 to 65536");
                return 2;
            }

            ZmqBenchmarkReport report;
            try
            {
                report = ZmqBenchmark.Run(sampleCount, messageCount, size);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or EdgeMer.Messaging.Zmq.ZmqException)
            {
                Console.Error.WriteLine($"edgemer bench zmq: {e.Message}");
                return 1;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, ZmqBenchmarkJsonContext.Default.ZmqBenchmarkReport));
            }
            else
            {
                Print(report);
            }

            return 0;
        });
        return command;
    }

    private static void Print(ZmqBenchmarkReport report)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Console.WriteLine($"libzmq {report.Libzmq}, {report.Transport}");
        Console.WriteLine("path        bytes  samples   p50 µs   p99 µs   max µs");
        foreach (ZmqLatencyFigure f in report.Latency)
        {
            Console.WriteLine(string.Format(c, "{0,-10} {1,6} {2,8} {3,8:F1} {4,8:F1} {5,8:F1}", f.Path, f.Bytes, f.Samples, f.P50Microseconds, f.P99Microseconds, f.MaxMicroseconds));
        }

        ZmqThroughputFigure t = report.Throughput;
        Console.WriteLine(string.Format(c, "throughput ({0} B, {1} messages): plain {2:F0} msg/s ({3:F1} MB/s), CURVE {4:F0} msg/s ({5:F1} MB/s), CURVE/plain {6:F2}",
            t.Bytes, t.Messages, t.PlainMessagesPerSecond, t.PlainMegabytesPerSecond, t.CurveMessagesPerSecond, t.CurveMegabytesPerSecond, t.CurveToPlainRatio));
        Console.WriteLine(string.Format(c, "targets: p99 <= {0} µs, CURVE/plain >= {1}: {2}",
            report.Targets.P99MicrosecondsAtMost, report.Targets.CurveToPlainRatioAtLeast, report.MeetsTargets ? "met" : "NOT met"));
    }
}
