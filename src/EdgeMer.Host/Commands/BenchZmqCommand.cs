using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMer.Tools.Benchmarks;

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
        var rounds = new Option<int>("--rounds")
        {
            Description = "Throughput rounds; each is a plain run and a CURVE run, in alternating order.",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("zmq", "Publish-to-receive latency (p50/p99) for 1 KB and 4 KB messages and a real summary, and CURVE vs plain throughput, over tcp://127.0.0.1.");
        command.Options.Add(json);
        command.Options.Add(samples);
        command.Options.Add(messages);
        command.Options.Add(bytes);
        command.Options.Add(rounds);
        command.SetAction(parse =>
        {
            int sampleCount = parse.GetValue(samples);
            int messageCount = parse.GetValue(messages);
            int size = parse.GetValue(bytes);
            int roundCount = parse.GetValue(rounds);
            if (sampleCount is < 100 or > 1_000_000 || messageCount is < 1000 or > 10_000_000 || size is < 16 or > 65536 || roundCount is < 1 or > 100)
            {
                Console.Error.WriteLine("edgemer bench zmq: --samples must be from 100 to 1000000, --messages from 1000 to 10000000, --bytes from 16 to 65536, --rounds from 1 to 100");
                return 2;
            }

            ZmqBenchmarkReport report;
            try
            {
                report = ZmqBenchmark.Run(sampleCount, messageCount, size, roundCount);
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
        string load = report.LoadAverage is { } l ? string.Format(c, ", load average {0:F2}", l) : "";
        Console.WriteLine($"libzmq {report.Libzmq}, {report.Transport}, {report.ProcessorCount} logical cores{load}");
        Console.WriteLine("path        bytes  samples   p50 µs   p99 µs   max µs");
        foreach (ZmqLatencyFigure f in report.Latency)
        {
            Console.WriteLine(string.Format(c, "{0,-10} {1,6} {2,8} {3,8:F1} {4,8:F1} {5,8:F1}", f.Path, f.Bytes, f.Samples, f.P50Microseconds, f.P99Microseconds, f.MaxMicroseconds));
        }

        ZmqThroughputFigure t = report.Throughput;
        Console.WriteLine(string.Format(c, "throughput: {0} rounds of {1} messages of {2} B ({3} B on the wire), plain and CURVE alternating",
            t.Rounds, t.Messages, t.Bytes, t.WireBytes));
        Console.WriteLine("round     plain msg/s  CURVE msg/s  CURVE/plain  plain CPU µs/msg  CURVE CPU µs/msg");
        for (int i = 0; i < t.RoundFigures.Count; i++)
        {
            ZmqThroughputRound r = t.RoundFigures[i];
            Console.WriteLine(string.Format(c, "{0,-8} {1,12:F0} {2,12:F0} {3,12:F3} {4,17:F2} {5,17:F2}",
                i + 1, r.PlainMessagesPerSecond, r.CurveMessagesPerSecond, r.CurveToPlainRatio, r.PlainCpuMicrosecondsPerMessage, r.CurveCpuMicrosecondsPerMessage));
        }

        Console.WriteLine(string.Format(c, "median   {0,12:F0} {1,12:F0} {2,12:F3} {3,17:F2} {4,17:F2}",
            t.PlainMessagesPerSecond, t.CurveMessagesPerSecond, t.CurveToPlainRatio, t.PlainCpuMicrosecondsPerMessage, t.CurveCpuMicrosecondsPerMessage));
        Console.WriteLine(string.Format(c, "CURVE/plain over the rounds: median {0:F3}, lowest {1:F3}, highest {2:F3}; plain {3:F1} MB/s, CURVE {4:F1} MB/s",
            t.CurveToPlainRatio, t.CurveToPlainRatioLowest, t.CurveToPlainRatioHighest, t.PlainMegabytesPerSecond, t.CurveMegabytesPerSecond));
        Console.WriteLine(string.Format(c, "targets: p99 <= {0} µs: {1}; CURVE/plain (median) >= {2}: {3}",
            report.Targets.P99MicrosecondsAtMost, Verdict(report.MeetsLatencyTarget), report.Targets.CurveToPlainRatioAtLeast, Verdict(report.MeetsCurveRatioTarget)));
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
