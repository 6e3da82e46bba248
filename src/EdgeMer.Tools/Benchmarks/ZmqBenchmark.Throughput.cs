using System.Buffers;
using System.Diagnostics;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Tools.Benchmarks;

internal static partial class ZmqBenchmark
{
    /// <summary>
    /// PUB to SUB throughput, plain and CURVE, in <paramref name="rounds"/> rounds of one run each,
    /// after an untimed warm-up pair. The order alternates between rounds so neither side always runs
    /// first, and each round's ratio compares two runs made seconds apart on the same machine.
    /// </summary>
    private static ZmqThroughputFigure MeasureThroughput(int messages, int bytes, int rounds)
    {
        byte[] message = SummaryTopicMessage(bytes);
        int warmup = Math.Max(1000, messages / 10);
        ThroughputRun(warmup, message, curve: false);
        ThroughputRun(warmup, message, curve: true);

        var figures = new ZmqThroughputRound[rounds];
        for (int i = 0; i < rounds; i++)
        {
            bool curveFirst = i % 2 == 1;
            ThroughputSample first = ThroughputRun(messages, message, curveFirst);
            ThroughputSample second = ThroughputRun(messages, message, !curveFirst);
            (ThroughputSample plain, ThroughputSample curve) = curveFirst ? (second, first) : (first, second);
            figures[i] = new ZmqThroughputRound(
                Math.Round(plain.MessagesPerSecond),
                Math.Round(curve.MessagesPerSecond),
                Math.Round(curve.MessagesPerSecond / plain.MessagesPerSecond, 3),
                Math.Round(plain.CpuMicrosecondsPerMessage, 2),
                Math.Round(curve.CpuMicrosecondsPerMessage, 2));
        }

        int wireBytes = message.Length;
        double plainRate = Median(figures, static r => r.PlainMessagesPerSecond);
        double curveRate = Median(figures, static r => r.CurveMessagesPerSecond);
        return new ZmqThroughputFigure(
            bytes,
            wireBytes,
            messages,
            rounds,
            plainRate,
            Math.Round(plainRate * wireBytes / 1e6, 1),
            curveRate,
            Math.Round(curveRate * wireBytes / 1e6, 1),
            Median(figures, static r => r.CurveToPlainRatio),
            Lowest(figures, static r => r.CurveToPlainRatio),
            Highest(figures, static r => r.CurveToPlainRatio),
            Median(figures, static r => r.PlainCpuMicrosecondsPerMessage),
            Median(figures, static r => r.CurveCpuMicrosecondsPerMessage),
            figures);
    }

    private static ThroughputSample ThroughputRun(int messages, byte[] message, bool curve)
    {
        using var serverContext = new ZmqContext();
        using var clientContext = new ZmqContext();
        CurveKeyPair server = CurveKeyPair.Generate();
        CurveKeyPair client = CurveKeyPair.Generate();
        using ZapHandler? zap = curve ? new ZapHandler(serverContext, new ClientAllowList([new("bench", client.PublicKey)]), "edgemer") : null;
        using ZmqSocket pub = serverContext.CreateSocket(ZmqSocketType.Pub);
        pub.SendHighWaterMark = 10_000;
        pub.RefuseAtHighWaterMark = true; // with a blocking send: wait for the subscriber instead of dropping
        pub.SendTimeout = s_timeout;
        if (zap is not null)
        {
            new CurveServerSecurity(server, zap).Apply(pub);
        }

        pub.Bind("tcp://127.0.0.1:*");
        string endpoint = pub.LastEndpoint;
        using var subscribed = new ManualResetEventSlim();
        ReceiverFinish finish = default;
        Exception? receiverFailure = null;
        var receiver = new Thread(() =>
        {
            try
            {
                finish = Receive(clientContext, endpoint, curve ? (client, server.PublicKey) : null, messages, subscribed);
            }
            catch (Exception e) when (e is ZmqException or TimeoutException or InvalidOperationException)
            {
                receiverFailure = e;
                subscribed.Set();
            }
        })
        { Name = "bench-receiver" };
        receiver.Start();

        long deadline = Environment.TickCount64 + (long)s_timeout.TotalMilliseconds;
        while (!subscribed.Wait(10))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("the benchmark subscriber never joined");
            }

            pub.TrySend("probe"u8);
        }

        TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < messages; i++)
        {
            if (!pub.Send(message))
            {
                throw new TimeoutException("the benchmark subscriber stopped taking messages");
            }
        }

        receiver.Join();
        if (receiverFailure is not null)
        {
            throw receiverFailure;
        }

        return new ThroughputSample(
            messages / Stopwatch.GetElapsedTime(start, finish.Timestamp).TotalSeconds,
            (finish.CpuTime - cpuStart).TotalMicroseconds / messages);
    }

    private static ReceiverFinish Receive(ZmqContext context, string endpoint, (CurveKeyPair Client, CurvePublicKey Server)? curve, int messages, ManualResetEventSlim subscribed)
    {
        using ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.ReceiveHighWaterMark = 10_000;
        sub.ReceiveTimeout = s_timeout;
        if (curve is { } keys)
        {
            sub.MakeCurveClient(keys.Client, keys.Server);
        }

        sub.Subscribe("");
        sub.Connect(endpoint);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        int received = 0;
        while (received < messages)
        {
            buffer.ResetWrittenCount();
            if (!sub.Receive(buffer, out bool more))
            {
                throw new TimeoutException($"the benchmark subscriber received {received} of {messages} messages");
            }

            if (more)
            {
                throw new InvalidOperationException("the benchmark publisher sent a message of more than one frame");
            }

            if (buffer.WrittenSpan.SequenceEqual("probe"u8))
            {
                subscribed.Set();
                continue;
            }

            received++;
        }

        // Read before the socket closes, so teardown is not counted.
        return new ReceiverFinish(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);
    }

    private static double Median(ZmqThroughputRound[] rounds, Func<ZmqThroughputRound, double> value)
    {
        double[] values = new double[rounds.Length];
        for (int i = 0; i < rounds.Length; i++)
        {
            values[i] = value(rounds[i]);
        }

        Array.Sort(values);
        int middle = values.Length / 2;
        double median = values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.Round(median, 3);
    }

    private static double Lowest(ZmqThroughputRound[] rounds, Func<ZmqThroughputRound, double> value)
    {
        double lowest = double.MaxValue;
        foreach (ZmqThroughputRound round in rounds)
        {
            lowest = Math.Min(lowest, value(round));
        }

        return lowest;
    }

    private static double Highest(ZmqThroughputRound[] rounds, Func<ZmqThroughputRound, double> value)
    {
        double highest = double.MinValue;
        foreach (ZmqThroughputRound round in rounds)
        {
            highest = Math.Max(highest, value(round));
        }

        return highest;
    }

    private readonly record struct ThroughputSample(double MessagesPerSecond, double CpuMicrosecondsPerMessage);

    private readonly record struct ReceiverFinish(long Timestamp, TimeSpan CpuTime);
}
