using System.Buffers;
using System.Diagnostics;
using System.Text;
using EdgeMer.Platform;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// Measures EdgeMer's egress over loopback TCP with the real libzmq: publish-to-receive latency
/// (through the bare binding at 1 KB and 4 KB, and through <see cref="SummaryPublisher"/> with a
/// real summary) and PUB to SUB throughput with and without CURVE. Every figure is measured in the run
/// that reports it; the CURVE/plain ratio comes from plain and CURVE runs interleaved in that run.
/// </summary>
internal static partial class ZmqBenchmark
{
    private const double P99TargetMicroseconds = 1000;
    private const double CurveRatioTarget = 0.5;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static ZmqBenchmarkReport Run(int latencySamples, int throughputMessages, int throughputBytes, int throughputRounds)
    {
        double? loadAverage = ReadLoadAverage();
        ZmqLibraryInfo library = ZmqLibrary.Probe();
        if (!library.IsAvailable)
        {
            throw new InvalidOperationException(library.Problem);
        }

        var latency = new List<ZmqLatencyFigure>
        {
            BindingLatency(1024, latencySamples),
            BindingLatency(4096, latencySamples),
            PublisherLatency(latencySamples),
        };

        ZmqThroughputFigure throughput = MeasureThroughput(throughputMessages, throughputBytes, throughputRounds);
        bool latencyMet = true;
        foreach (ZmqLatencyFigure figure in latency)
        {
            latencyMet &= figure.P99Microseconds <= P99TargetMicroseconds;
        }

        bool ratioMet = throughput.CurveToPlainRatio >= CurveRatioTarget;

        return new ZmqBenchmarkReport(
            library.Version!.ToString(),
            "tcp://127.0.0.1",
            Environment.ProcessorCount,
            loadAverage,
            latency,
            throughput,
            new ZmqBenchmarkTargets(P99TargetMicroseconds, CurveRatioTarget),
            latencyMet,
            ratioMet,
            latencyMet && ratioMet);
    }

    private static ZmqLatencyFigure BindingLatency(int bytes, int samples)
    {
        using var context = new ZmqContext();
        using ZmqSocket pub = context.CreateSocket(ZmqSocketType.Pub);
        using ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        pub.Bind("tcp://127.0.0.1:*");
        sub.Subscribe("");
        sub.ReceiveTimeout = s_timeout;
        sub.Connect(pub.LastEndpoint);
        byte[] message = SummaryTopicMessage(bytes);
        var buffer = new ArrayBufferWriter<byte>(message.Length);
        WaitForSubscription(pub, sub, buffer);

        long[] ticks = new long[samples];
        for (int i = -samples / 10; i < samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pub.TrySend(message);
            ReceiveWhole(sub, buffer);
            if (i >= 0)
            {
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }
        }

        return Figure("binding", bytes, ticks);
    }

    private static ZmqLatencyFigure PublisherLatency(int samples)
    {
        using var context = new ZmqContext();
        var options = new SummaryPublisherOptions { DeviceId = "bench", Endpoints = ["tcp://127.0.0.1:*"] };
        using var publisher = new SummaryPublisher(context, options, new PrivacySwitch());
        using ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.Subscribe(WireTopics.Summary);
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(20);
        sub.Connect(publisher.Endpoints[0]);
        EmotionSummary summary = TypicalSummary();
        var buffer = new ArrayBufferWriter<byte>(WireMessage.MaxBytes);
        long deadline = Environment.TickCount64 + (long)s_timeout.TotalMilliseconds;
        while (!TryReceiveWhole(sub, buffer))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("the benchmark subscriber never received from the publisher");
            }

            publisher.TryPublish(summary);
        }

        // Let the probes drain, then time one message at a time.
        while (TryReceiveWhole(sub, buffer))
        {
        }

        sub.ReceiveTimeout = s_timeout;
        long[] ticks = new long[samples];
        for (int i = -samples / 10; i < samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            publisher.TryPublish(summary);
            ReceiveWhole(sub, buffer);
            if (i >= 0)
            {
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }
        }

        WireMessage.Split(buffer.WrittenSpan, out _, out ReadOnlySpan<byte> document);
        return Figure("publisher", document.Length, ticks);
    }

    private static void WaitForSubscription(ZmqSocket pub, ZmqSocket sub, ArrayBufferWriter<byte> buffer)
    {
        TimeSpan timeout = sub.ReceiveTimeout;
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(10);
        long deadline = Environment.TickCount64 + (long)s_timeout.TotalMilliseconds;
        while (true)
        {
            pub.TrySend("probe"u8);
            if (TryReceiveWhole(sub, buffer))
            {
                break;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("the benchmark subscriber never joined");
            }
        }

        while (TryReceiveWhole(sub, buffer))
        {
        }

        sub.ReceiveTimeout = timeout;
    }

    private static bool TryReceiveWhole(ZmqSocket sub, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        if (!sub.Receive(buffer, out bool more))
        {
            return false;
        }

        while (more)
        {
            buffer.ResetWrittenCount();
            sub.Receive(buffer, out more);
        }

        return true;
    }

    /// <summary>Receives a message, leaving its last frame in <paramref name="buffer"/>.</summary>
    private static void ReceiveWhole(ZmqSocket sub, ArrayBufferWriter<byte> buffer)
    {
        bool more = true;
        while (more)
        {
            buffer.ResetWrittenCount();
            if (!sub.Receive(buffer, out more))
            {
                throw new TimeoutException("a benchmark message did not arrive");
            }
        }
    }

    /// <summary>A message on the summary topic framed as SummaryPublisher frames it, with a document of <paramref name="documentBytes"/> random bytes.</summary>
    private static byte[] SummaryTopicMessage(int documentBytes)
    {
        int prefix = WireTopics.Summary.Length + 1;
        byte[] message = new byte[prefix + documentBytes];
        Encoding.ASCII.GetBytes(WireTopics.Summary, message);
        message[prefix - 1] = WireTopics.Separator;
        Random.Shared.NextBytes(message.AsSpan(prefix));
        return message;
    }

    private static ZmqLatencyFigure Figure(string path, int bytes, long[] ticks)
    {
        Array.Sort(ticks);
        double Micro(long t) => Math.Round(t * 1e6 / Stopwatch.Frequency, 1);
        int p99 = Math.Max(0, (int)Math.Ceiling(0.99 * ticks.Length) - 1);
        return new ZmqLatencyFigure(path, bytes, ticks.Length, Micro(ticks[(ticks.Length - 1) / 2]), Micro(ticks[p99]), Micro(ticks[^1]));
    }

    /// <summary>A summary as the fuser makes it with face and voice contributing.</summary>
    internal static EmotionSummary TypicalSummary()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DistributionReading face = DistributionReading.FromProbabilities([0.031f, 0.012f, 0.044f, 0.561f, 0.027f, 0.083f, 0.242f]);
        DistributionReading voice = DistributionReading.FromProbabilities([0.052f, 0.021f, 0.038f, 0.402f, 0.061f, 0.047f, 0.379f]);
        return new EmotionSummary(
            Purposes.Name(Purpose.Companion),
            0,
            new WindowReading(now.AddMilliseconds(-500), now),
            paused: false,
            DistributionReading.FromProbabilities([0.039f, 0.015f, 0.042f, 0.497f, 0.041f, 0.068f, 0.298f]),
            new AffectReading(0.412f, 0.183f),
            new AffectiveStates(0.08f, 0.12f, 0.15f, 0.03f, 0.01f, 0.64f, null),
            0.78f,
            [
                new ModalityReading(Modality.Face, 0.91f, 33, 0.6f, face, new AffectReading(0.47f, 0.21f), false),
                new ModalityReading(Modality.Voice, 0.72f, 140, 0.4f, voice, new AffectReading(0.33f, 0.14f), false),
            ]);
    }

    /// <summary>The 1-minute load average from /proc/loadavg; null where the system has none.</summary>
    internal static double? ReadLoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            int end = text.IndexOf(' ', StringComparison.Ordinal);
            return end > 0 && double.TryParse(text.AsSpan(0, end), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
