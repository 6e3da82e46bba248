using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeMer.Tools.Benchmarks;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer bench bridge</c>: ZeroMQ → bridge → Mosquitto → subscriber over loopback.</summary>
internal static class BenchBridgeCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var samples = new Option<int>("--samples") { Description = "Latency samples per path (bridged, and straight to the broker).", DefaultValueFactory = _ => 2000 };
        var messages = new Option<int>("--messages") { Description = "Summaries in the throughput run.", DefaultValueFactory = _ => 50_000 };
        var mosquitto = new Option<string>("--mosquitto") { Description = "The Mosquitto broker to start on a free loopback port.", DefaultValueFactory = _ => "/usr/sbin/mosquitto" };
        var command = new Command("bridge", "Summaries per second from EdgeMer's publisher through the bridge and a local Mosquitto to a subscriber, the bridge's added p99 latency, and the devices one gateway serves at 10 summaries per second each.");
        foreach (Option option in new Option[] { json, samples, messages, mosquitto })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            int sampleCount = parse.GetValue(samples);
            int messageCount = parse.GetValue(messages);
            if (sampleCount is < 100 or > 100_000 || messageCount is < 1000 or > 10_000_000)
            {
                Console.Error.WriteLine("edgemer bench bridge: --samples must be from 100 to 100000, --messages from 1000 to 10000000");
                return 2;
            }

            string broker = parse.GetValue(mosquitto)!;
            if (!File.Exists(broker))
            {
                Console.Error.WriteLine($"edgemer bench bridge: no Mosquitto at {broker} (Debian: apt-get install mosquitto; or --mosquitto PATH)");
                return 1;
            }

            BridgeBenchmarkReport report;
            try
            {
                report = BridgeBenchmark.Run(broker, sampleCount, messageCount);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or EdgeMer.Messaging.Zmq.ZmqException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                Console.Error.WriteLine($"edgemer bench bridge: {e.Message}");
                return 1;
            }

            BenchCommand.Print(report, parse.GetValue(json), BridgeBenchmarkJsonContext.Default.BridgeBenchmarkReport, (r, _) => Print(r), Console.Out);
            return 0;
        });
        return command;
    }

    private static void Print(BridgeBenchmarkReport r)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string load = r.LoadAverage is { } l ? string.Format(c, ", load average {0:F2}", l) : "";
        Console.WriteLine($"EdgeMer publisher -> ZeroMQ -> edgemer bridge -> Mosquitto -> MQTT subscriber, tcp://127.0.0.1, {r.ProcessorCount} logical cores{load}; summary of {r.DocumentBytes} B");
        Console.WriteLine("path                      samples   p50 µs   p99 µs   max µs");
        Console.WriteLine(string.Format(c, "{0,-24} {1,8} {2,8:F1} {3,8:F1} {4,8:F1}", "through the bridge", r.Bridged.Samples, r.Bridged.P50Microseconds, r.Bridged.P99Microseconds, r.Bridged.MaxMicroseconds));
        Console.WriteLine(string.Format(c, "{0,-24} {1,8} {2,8:F1} {3,8:F1} {4,8:F1}", "straight to the broker", r.Direct.Samples, r.Direct.P50Microseconds, r.Direct.P99Microseconds, r.Direct.MaxMicroseconds));
        Console.WriteLine(string.Format(c, "added by ZeroMQ and the bridge: p50 {0:F1} µs, p99 {1:F1} µs", r.AddedP50Microseconds, r.AddedP99Microseconds));
        Console.WriteLine(string.Format(c, "throughput: {0} summaries, {1:F0} msg/s end to end ({2:F1} µs CPU per message in this process: publisher, bridge, subscriber)",
            r.Messages, r.MessagesPerSecond, r.CpuMicrosecondsPerMessage));
        Console.WriteLine(string.Format(c, "one gateway at this rate serves {0} devices at {1} summaries/s each; missing before the bridge {2}, dropped by it {3}",
            r.DevicesPerGateway, r.SummariesPerSecondPerDevice, r.MissingBeforeTheBridge, r.DroppedByTheBridge));
    }
}
