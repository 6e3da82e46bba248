using System.Text.Json;
using EdgeMer.Tools.Benchmarks;

namespace EdgeMer.Host.Tests;

/// <summary>
/// What <c>edgemer bench zmq</c> reports must be what it measured: these check that the summary
/// figures and verdicts are computed from the rounds in the same report, never that a figure is fast.
/// </summary>
public sealed class ZmqBenchmarkTests
{
    private static readonly Lazy<ZmqBenchmarkReport> s_report = new(() => ZmqBenchmark.Run(latencySamples: 200, throughputMessages: 2000, throughputBytes: 1024, throughputRounds: 3));

    [Fact]
    public void Each_round_ratio_is_that_rounds_CURVE_rate_over_its_plain_rate()
    {
        ZmqThroughputFigure throughput = s_report.Value.Throughput;

        Assert.Equal(3, throughput.RoundFigures.Count);
        Assert.All(throughput.RoundFigures, round =>
        {
            Assert.True(round.PlainMessagesPerSecond > 0 && round.CurveMessagesPerSecond > 0);
            Assert.True(round.PlainCpuMicrosecondsPerMessage > 0 && round.CurveCpuMicrosecondsPerMessage > 0);
            Assert.Equal(round.CurveMessagesPerSecond / round.PlainMessagesPerSecond, round.CurveToPlainRatio, 0.002);
        });
    }

    [Fact]
    public void The_reported_ratio_and_rates_are_the_medians_of_the_rounds()
    {
        ZmqThroughputFigure throughput = s_report.Value.Throughput;
        double[] ratios = [.. throughput.RoundFigures.Select(r => r.CurveToPlainRatio).Order()];

        Assert.Equal(ratios[1], throughput.CurveToPlainRatio, 0.0005);
        Assert.Equal(ratios[0], throughput.CurveToPlainRatioLowest);
        Assert.Equal(ratios[2], throughput.CurveToPlainRatioHighest);
        Assert.Equal(throughput.RoundFigures.Select(r => r.PlainMessagesPerSecond).Order().ElementAt(1), throughput.PlainMessagesPerSecond);
        Assert.Equal(throughput.RoundFigures.Select(r => r.CurveMessagesPerSecond).Order().ElementAt(1), throughput.CurveMessagesPerSecond);
        Assert.Equal(throughput.RoundFigures.Select(r => r.CurveCpuMicrosecondsPerMessage).Order().ElementAt(1), throughput.CurveCpuMicrosecondsPerMessage, 0.005);
    }

    [Fact]
    public void The_verdicts_follow_from_the_figures_and_targets_in_the_report()
    {
        ZmqBenchmarkReport report = s_report.Value;

        Assert.Equal(report.Throughput.CurveToPlainRatio >= report.Targets.CurveToPlainRatioAtLeast, report.MeetsCurveRatioTarget);
        Assert.Equal(report.Latency.All(f => f.P99Microseconds <= report.Targets.P99MicrosecondsAtMost), report.MeetsLatencyTarget);
        Assert.Equal(report.MeetsLatencyTarget && report.MeetsCurveRatioTarget, report.MeetsTargets);
    }

    [Fact]
    public void The_JSON_report_carries_every_round()
    {
        string json = JsonSerializer.Serialize(s_report.Value, ZmqBenchmarkJsonContext.Default.ZmqBenchmarkReport);

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement throughput = document.RootElement.GetProperty("throughput");
        Assert.Equal(3, throughput.GetProperty("roundFigures").GetArrayLength());
        Assert.Equal(s_report.Value.Throughput.CurveToPlainRatio, throughput.GetProperty("curveToPlainRatio").GetDouble());
        Assert.Equal(3, document.RootElement.GetProperty("latency").GetArrayLength());
        Assert.True(document.RootElement.TryGetProperty("meetsCurveRatioTarget", out _));
    }
}
