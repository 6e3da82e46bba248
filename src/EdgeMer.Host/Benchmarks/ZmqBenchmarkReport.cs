namespace EdgeMer.Host.Benchmarks;

/// <summary>What <c>edgemer bench zmq</c> measured, in one run on this machine.</summary>
internal sealed record ZmqBenchmarkReport(
    string Libzmq,
    string Transport,
    IReadOnlyList<ZmqLatencyFigure> Latency,
    ZmqThroughputFigure Throughput,
    ZmqBenchmarkTargets Targets,
    bool MeetsTargets);

/// <summary>Publish-to-receive latency of one message path and size.</summary>
/// <param name="Path">"binding": a PUB socket straight to a SUB; "publisher": SummaryPublisher.TryPublish (queue, publisher thread, JSON) to a SUB.</param>
internal sealed record ZmqLatencyFigure(string Path, int Bytes, int Samples, double P50Microseconds, double P99Microseconds, double MaxMicroseconds);

/// <summary>One-way PUB to SUB throughput, plain and with CURVE, from the same run.</summary>
internal sealed record ZmqThroughputFigure(
    int Bytes,
    int Messages,
    double PlainMessagesPerSecond,
    double PlainMegabytesPerSecond,
    double CurveMessagesPerSecond,
    double CurveMegabytesPerSecond,
    double CurveToPlainRatio);

/// <summary>The targets EdgeMer sets for egress.</summary>
internal sealed record ZmqBenchmarkTargets(double P99MicrosecondsAtMost, double CurveToPlainRatioAtLeast);
