using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeMer.Affect;
using EdgeMer.Bridge;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Zmq;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// <c>edgemer bench bridge</c>: summaries from EdgeMer's publisher through ZeroMQ, the bridge and a
/// real Mosquitto (started here on a free loopback port) to an MQTT subscriber. Measures the
/// end-to-end latency of one summary at a time against the same document published straight to the
/// broker (the bridge's added latency is the difference), and the throughput in windows the
/// subscriber confirms, so nothing is lost to a queue that overflows.
/// </summary>
internal static class BridgeBenchmark
{
    /// <summary>Summaries per second one device sends in the figure of devices per gateway.</summary>
    public const int SummariesPerDevice = 10;

    private const int Window = 500;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    public static BridgeBenchmarkReport Run(string mosquitto, int samples, int messages)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"edgemer-bench-bridge-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        Process? broker = null;
        try
        {
            int port = FreePort();
            File.WriteAllText(Path.Combine(folder, "mosquitto.conf"), $"""
                {(Environment.UserName == "root" ? "user root" : "")}
                listener {port} 127.0.0.1
                allow_anonymous true
                persistence false
                log_dest none
                """);
            // Its own start-up notes (such as running as root) are not the benchmark's output.
            broker = Process.Start(new ProcessStartInfo(mosquitto) { ArgumentList = { "-c", Path.Combine(folder, "mosquitto.conf") }, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })
                ?? throw new InvalidOperationException($"{mosquitto} did not start");
            broker.ErrorDataReceived += static (_, _) => { };
            broker.OutputDataReceived += static (_, _) => { };
            broker.BeginErrorReadLine();
            broker.BeginOutputReadLine();
            WaitForPort(port, broker);
            return Measure(folder, port, samples, messages);
        }
        finally
        {
            if (broker is { HasExited: false })
            {
                broker.Kill();
                broker.WaitForExit();
            }

            broker?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static BridgeBenchmarkReport Measure(string folder, int port, int samples, int messages)
    {
        using var context = new ZmqContext();
        using var publisher = new SummaryPublisher(context, new SummaryPublisherOptions
        {
            DeviceId = "bench-1",
            Endpoints = ["tcp://127.0.0.1:*"],
            QueueCapacity = 100_000,
            SendHighWaterMark = 100_000,
        }, new PrivacySwitch());
        MqttBridge bridge = MqttBridge.Start(new BridgeOptions
        {
            Id = "bench",
            Devices = [new BridgeDeviceOptions { Endpoint = publisher.Endpoints[0] }],
            Broker = new BrokerOptions { Host = "127.0.0.1", Port = port, ClientId = "edgemer-bench-bridge" },
            AlertQueue = new AlertQueueOptions { Directory = Path.Combine(folder, "alerts") },
            HealthInterval = TimeSpan.FromHours(1),
            SummaryQueueCapacity = 100_000,
        });
        try
        {
            using var subscriber = Subscriber.Connect(port);
            using MqttClient direct = TcpOnlyClientAdapterFactory.CreateClient();
            direct.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("edgemer-bench-direct").Build()).GetAwaiter().GetResult();
            var summary = ZmqBenchmark.TypicalSummary();

            // Until the bridge's subscription reaches the publisher, what it publishes is lost.
            long deadline = Environment.TickCount64 + 30_000;
            while (subscriber.Received == 0)
            {
                if (Environment.TickCount64 > deadline)
                {
                    throw new TimeoutException("no summary came through the bridge in 30 s");
                }

                publisher.TryPublish(summary);
                subscriber.WaitForMore(0, TimeSpan.FromMilliseconds(50));
            }

            // Let the warm-up burst drain, then measure from a quiet start.
            long settled;
            do
            {
                settled = subscriber.Received;
            }
            while (subscriber.WaitForMore(settled, TimeSpan.FromMilliseconds(200)));
            byte[] document = subscriber.LastPayload!;

            long[] bridged = new long[samples];
            long[] straight = new long[samples];
            MqttApplicationMessage directMessage = new MqttApplicationMessageBuilder().WithTopic("edgemer/direct/summary").WithPayload(document).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build();
            for (int i = 0; i < samples; i++)
            {
                // Alternate the two paths so both see the same machine.
                long before = subscriber.Received;
                long start = Stopwatch.GetTimestamp();
                publisher.TryPublish(summary);
                Require(subscriber.WaitForMore(before, s_wait), "a summary did not come through the bridge");
                bridged[i] = Stopwatch.GetTimestamp() - start;

                before = subscriber.Received;
                start = Stopwatch.GetTimestamp();
                direct.PublishAsync(directMessage).GetAwaiter().GetResult();
                Require(subscriber.WaitForMore(before, s_wait), "a summary published straight to the broker did not arrive");
                straight[i] = Stopwatch.GetTimestamp() - start;
            }

            long first = subscriber.Received;
            long missingBefore = bridge.Counters.Devices["bench-1"].Missing(MessageKind.Summary);
            long begin = Stopwatch.GetTimestamp();
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (int sent = 0; sent < messages; sent += Window)
            {
                int count = Math.Min(Window, messages - sent);
                for (int i = 0; i < count; i++)
                {
                    publisher.TryPublish(summary);
                }

                long target = first + sent + count;
                while (subscriber.Received < target)
                {
                    Require(subscriber.WaitForMore(subscriber.Received, s_wait), $"the subscriber stopped at {subscriber.Received - first} of {sent + count} summaries");
                }
            }

            double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            double rate = messages / seconds;
            BridgeLatency bridgedFigure = BridgeLatency.From(bridged);
            BridgeLatency straightFigure = BridgeLatency.From(straight);
            return new BridgeBenchmarkReport(
                Environment.ProcessorCount,
                ZmqBenchmark.ReadLoadAverage(),
                document.Length,
                bridgedFigure,
                straightFigure,
                Math.Round(bridgedFigure.P50Microseconds - straightFigure.P50Microseconds, 1),
                Math.Round(bridgedFigure.P99Microseconds - straightFigure.P99Microseconds, 1),
                messages,
                Math.Round(rate),
                Math.Round(cpu * 1e6 / messages, 1),
                SummariesPerDevice,
                (int)(rate / SummariesPerDevice),
                bridge.Counters.Devices["bench-1"].Missing(MessageKind.Summary) - missingBefore,
                bridge.Counters.SummariesDropped);
        }
        finally
        {
            bridge.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new TimeoutException(what);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port, Process broker)
    {
        long deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline && !broker.HasExited)
        {
            using var probe = new TcpClient();
            try
            {
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new InvalidOperationException(broker.HasExited ? $"mosquitto ended with exit code {broker.ExitCode}" : "mosquitto did not listen within 10 s");
    }

    /// <summary>An MQTT subscriber counting what arrives on edgemer/+/summary.</summary>
    private sealed class Subscriber : IDisposable
    {
        private readonly MqttClient _client;
        private readonly object _gate = new();
        private long _received;

        private Subscriber(MqttClient client) => _client = client;

        public long Received => Interlocked.Read(ref _received);

        public byte[]? LastPayload { get; private set; }

        public static Subscriber Connect(int port)
        {
            MqttClient client = TcpOnlyClientAdapterFactory.CreateClient();
            var subscriber = new Subscriber(client);
            client.ApplicationMessageReceivedAsync += args =>
            {
                subscriber.LastPayload ??= System.Buffers.BuffersExtensions.ToArray(args.ApplicationMessage.Payload);
                lock (subscriber._gate)
                {
                    subscriber._received++;
                    Monitor.PulseAll(subscriber._gate);
                }

                return Task.CompletedTask;
            };
            client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("edgemer-bench-subscriber").Build()).GetAwaiter().GetResult();
            client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edgemer/+/summary", MqttQualityOfServiceLevel.AtMostOnce).Build()).GetAwaiter().GetResult();
            return subscriber;
        }

        /// <summary>Waits until more than <paramref name="count"/> messages have arrived; false when <paramref name="wait"/> passes first.</summary>
        public bool WaitForMore(long count, TimeSpan wait)
        {
            long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
            lock (_gate)
            {
                while (_received <= count)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0 || !Monitor.Wait(_gate, (int)left))
                    {
                        return _received > count;
                    }
                }

                return true;
            }
        }

        public void Dispose() => _client.Dispose();
    }
}

/// <summary>What <c>edgemer bench bridge</c> measured.</summary>
public sealed record BridgeBenchmarkReport(
    int ProcessorCount,
    double? LoadAverage,
    int DocumentBytes,
    BridgeLatency Bridged,
    BridgeLatency Direct,
    double AddedP50Microseconds,
    double AddedP99Microseconds,
    int Messages,
    double MessagesPerSecond,
    double CpuMicrosecondsPerMessage,
    int SummariesPerSecondPerDevice,
    int DevicesPerGateway,
    long MissingBeforeTheBridge,
    long DroppedByTheBridge);

/// <summary>End-to-end latency of one path, publisher to subscriber.</summary>
public sealed record BridgeLatency(int Samples, double P50Microseconds, double P99Microseconds, double MaxMicroseconds)
{
    internal static BridgeLatency From(long[] ticks)
    {
        Array.Sort(ticks);
        double Micro(long t) => Math.Round(t * 1e6 / Stopwatch.Frequency, 1);
        int p99 = Math.Max(0, (int)Math.Ceiling(0.99 * ticks.Length) - 1);
        return new BridgeLatency(ticks.Length, Micro(ticks[(ticks.Length - 1) / 2]), Micro(ticks[p99]), Micro(ticks[^1]));
    }
}
