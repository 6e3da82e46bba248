namespace EdgeMer.Tools.Benchmarks;

/// <summary>What <c>edgemer bench zmq</c> measured, in one run on this machine.</summary>
/// <param name="LoadAverage">The machine's 1-minute load average when the run started (Linux), so a reader can tell a busy machine's figures from an idle one's.</param>
internal sealed record ZmqBenchmarkReport(
    string Libzmq,
    string Transport,
    int ProcessorCount,
    double? LoadAverage,
    IReadOnlyList<ZmqLatencyFigure> Latency,
    ZmqThroughputFigure Throughput,
    ZmqBenchmarkTargets Targets,
    bool MeetsLatencyTarget,
    bool MeetsCurveRatioTarget,
    bool MeetsTargets);

/// <summary>Publish-to-receive latency of one message path and size.</summary>
/// <param name="Path">"binding": a PUB socket straight to a SUB; "publisher": SummaryPublisher.TryPublish (queue, publisher thread, JSON) to a SUB.</param>
internal sealed record ZmqLatencyFigure(string Path, int Bytes, int Samples, double P50Microseconds, double P99Microseconds, double MaxMicroseconds);

/// <summary>
/// One-way PUB to SUB throughput, plain and with CURVE, measured in alternating rounds of the same
/// run. The message figures are medians over the rounds; the ratio is the median of each round's
/// CURVE/plain ratio, so a change in machine load between rounds moves both sides of a ratio alike.
/// </summary>
/// <param name="Bytes">Document size: each message is the topic, a space and this many bytes, in one frame.</param>
/// <param name="WireBytes">Bytes in each message as SummaryPublisher frames it (topic, separator and document).</param>
/// <param name="CpuMicrosecondsPerMessage">Process CPU time per message: publisher, subscriber and both libzmq I/O threads, which all run in this process.</param>
internal sealed record ZmqThroughputFigure(
    int Bytes,
    int WireBytes,
    int Messages,
    int Rounds,
    double PlainMessagesPerSecond,
    double PlainMegabytesPerSecond,
    double CurveMessagesPerSecond,
    double CurveMegabytesPerSecond,
    double CurveToPlainRatio,
    double CurveToPlainRatioLowest,
    double CurveToPlainRatioHighest,
    double PlainCpuMicrosecondsPerMessage,
    double CurveCpuMicrosecondsPerMessage,
    IReadOnlyList<ZmqThroughputRound> RoundFigures);

/// <summary>One round: a plain run and a CURVE run back to back (the order alternates between rounds).</summary>
internal sealed record ZmqThroughputRound(
    double PlainMessagesPerSecond,
    double CurveMessagesPerSecond,
    double CurveToPlainRatio,
    double PlainCpuMicrosecondsPerMessage,
    double CurveCpuMicrosecondsPerMessage);

/// <summary>The targets EdgeMer sets for egress.</summary>
internal sealed record ZmqBenchmarkTargets(double P99MicrosecondsAtMost, double CurveToPlainRatioAtLeast);
