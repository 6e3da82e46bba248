using EdgeMer.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Scheduling.Tests;

public sealed class StageMeterTests
{
    [Fact]
    public void Percentiles_rate_and_deadline_misses_come_from_the_scripted_run_costs()
    {
        var time = new FakeTimeProvider();
        var meter = new StageMeter("face", time, deadline: TimeSpan.FromMilliseconds(50));

        // 100 runs: 1..100 ms each, one every 100 ms of wall time (10 s in all).
        for (int ms = 1; ms <= 100; ms++)
        {
            long started = meter.Start();
            time.Advance(TimeSpan.FromMilliseconds(ms));
            meter.Record(started);
            time.Advance(TimeSpan.FromMilliseconds(100 - ms));
        }

        meter.AddDropped(3);
        StageFigures figures = meter.Snapshot(TimeSpan.FromSeconds(20));
        StageFigures recent = meter.Snapshot(TimeSpan.FromSeconds(5));

        Assert.Equal("face", figures.Stage);
        Assert.Equal(100, figures.Runs);
        Assert.Equal(TimeSpan.FromMilliseconds(50), figures.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(99), figures.P99);
        Assert.Equal(50, figures.DeadlineMisses);
        Assert.Equal(3, figures.Dropped);
        Assert.Equal(5.0, figures.RatePerSecond, 1);
        // The last 5 s hold the last 50 runs (51..100 ms), one per 100 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(75), recent.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(100), recent.P99);
        Assert.Equal(10.0, recent.RatePerSecond, 1);
    }

    [Fact]
    public void A_stage_that_has_not_run_reports_zeros()
    {
        StageFigures figures = new StageMeter("voice", new FakeTimeProvider()).Snapshot(TimeSpan.FromSeconds(1));

        Assert.Equal((0L, TimeSpan.Zero, TimeSpan.Zero, 0.0), (figures.Runs, figures.P50, figures.P99, figures.RatePerSecond));
    }
}
