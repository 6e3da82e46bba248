using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Hosting;
using EdgeMer.Runtime.Sensing;
using EdgeMer.Scheduling;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Runtime.Tests;

/// <summary>systemd's watchdog fed only while the pipelines make progress, judged on a fake clock.</summary>
public sealed class ServiceWatchdogTests
{
    private static readonly TimeSpan s_stall = TimeSpan.FromSeconds(10);

    [Fact]
    public void Nothing_counts_as_stalled_before_the_stall_time_has_passed()
    {
        var progress = new PipelineProgress(s_stall);

        Assert.Null(progress.Judge(TimeSpan.Zero, 0, Stages(fusion: 0), null));
        Assert.Null(progress.Judge(TimeSpan.FromSeconds(9), 0, Stages(fusion: 0), null));
    }

    [Fact]
    public void A_service_that_publishes_and_fuses_makes_progress()
    {
        var progress = new PipelineProgress(s_stall);
        progress.Judge(TimeSpan.Zero, 0, Stages(fusion: 0, capture: 0, face: 0, body: 0), null);

        Assert.Null(progress.Judge(s_stall, 30, Stages(fusion: 20, capture: 100, face: 90, body: 40), null));
    }

    [Fact]
    public void Nothing_published_for_the_stall_time_is_a_stall()
    {
        var progress = new PipelineProgress(s_stall);
        progress.Judge(TimeSpan.Zero, 5, Stages(fusion: 0), null);

        Assert.Equal("nothing was published for 10 s", progress.Judge(s_stall, 5, Stages(fusion: 20), null));
    }

    [Fact]
    public void A_fusion_loop_that_made_no_summary_is_a_stall()
    {
        var progress = new PipelineProgress(s_stall);
        progress.Judge(TimeSpan.Zero, 0, Stages(fusion: 7), null);

        Assert.Equal("the fusion stage made no summary for 10 s", progress.Judge(s_stall, 3, Stages(fusion: 7), null));
    }

    [Fact]
    public void Frames_arriving_while_the_face_stage_finishes_none_is_a_stall()
    {
        var progress = new PipelineProgress(s_stall);
        progress.Judge(TimeSpan.Zero, 0, Stages(fusion: 0, capture: 10, face: 9), null);

        Assert.Equal(
            "the face stage finished no frame for 10 s while capture delivered 100",
            progress.Judge(s_stall, 3, Stages(fusion: 20, capture: 110, face: 9), null));
    }

    [Fact]
    public void A_source_that_ended_or_was_lost_leaves_the_pipeline_idle_not_stalled()
    {
        var progress = new PipelineProgress(s_stall);
        progress.Judge(TimeSpan.Zero, 0, Stages(fusion: 0, capture: 10, face: 10, body: 4), null);

        Assert.Null(progress.Judge(s_stall, 3, Stages(fusion: 20, capture: 10, face: 10, body: 4), null));
    }

    [Fact]
    public void A_body_stage_the_degradation_ladder_paused_is_not_a_stall_but_one_that_hangs_is()
    {
        var paused = new PipelineProgress(s_stall);
        paused.Judge(TimeSpan.Zero, 0, Stages(fusion: 0, capture: 10, face: 10, body: 4), Degradation.PauseModality);
        var hung = new PipelineProgress(s_stall);
        hung.Judge(TimeSpan.Zero, 0, Stages(fusion: 0, capture: 10, face: 10, body: 4), Degradation.LowerRates);

        Assert.Null(paused.Judge(s_stall, 3, Stages(fusion: 20, capture: 60, face: 50, body: 4), Degradation.PauseModality));
        Assert.StartsWith("the body stage finished no frame", hung.Judge(s_stall, 3, Stages(fusion: 20, capture: 60, face: 50, body: 4), Degradation.LowerRates), StringComparison.Ordinal);
    }

    [Fact]
    public void The_judgement_always_spans_at_least_the_stall_time()
    {
        // Samples every 5 s; the fusion stage stops after 10 s: only at 20 s has it been 10 s without a summary.
        var progress = new PipelineProgress(s_stall);
        Assert.Null(progress.Judge(TimeSpan.FromSeconds(0), 0, Stages(fusion: 0), null));
        Assert.Null(progress.Judge(TimeSpan.FromSeconds(5), 1, Stages(fusion: 10), null));
        Assert.Null(progress.Judge(TimeSpan.FromSeconds(10), 2, Stages(fusion: 20), null));
        Assert.Null(progress.Judge(TimeSpan.FromSeconds(15), 3, Stages(fusion: 20), null));
        Assert.NotNull(progress.Judge(TimeSpan.FromSeconds(20), 4, Stages(fusion: 20), null));
    }

    [Theory]
    [InlineData("30000000", null, 30.0)]
    [InlineData("30000000", "4242", 30.0)]
    [InlineData("30000000", "1", null)]
    [InlineData("0", null, null)]
    [InlineData("thirty", null, null)]
    [InlineData(null, null, null)]
    public void The_timeout_is_systemds_WATCHDOG_USEC_when_WATCHDOG_PID_is_this_process_or_unset(string? usec, string? pid, double? seconds)
    {
        Assert.Equal(seconds, ServiceWatchdog.RequestedTimeout(usec, pid, processId: 4242)?.TotalSeconds);
    }

    [Fact]
    public void The_stall_time_covers_two_health_and_summary_intervals()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), ServiceWatchdog.StallAfter(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500)));
        Assert.Equal(TimeSpan.FromMinutes(2), ServiceWatchdog.StallAfter(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task The_watchdog_is_fed_every_half_timeout_while_there_is_progress_and_not_once_a_stage_stalls()
    {
        var time = new FakeTimeProvider();
        var monitor = new StageMonitor();
        var fusion = new StageMeter("fusion", time);
        monitor.Add(fusion);
        long messages = 0;
        var notifier = new RecordingNotifier(time);
        DateTimeOffset start = time.GetUtcNow();
        using var watchdog = new ServiceWatchdog(
            () => messages, monitor, Options.Create(new RuntimeOptions()), Options.Create(new SensingOptions()), time,
            NullLogger<ServiceWatchdog>.Instance, notifier, watchdogUsec: "10000000", watchdogPid: null);
        await watchdog.StartAsync(CancellationToken.None);

        // 20 s of a working service: a summary every 500 ms, health every 5 s; the watchdog ticks every 5 s.
        for (int i = 0; i < 40; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            fusion.Record(fusion.Start());
            messages += 2;
        }

        Assert.Equal([5, 10, 15, 20], notifier.Feeds.Select(at => (int)(at - start).TotalSeconds));
        DateTimeOffset lastSummary = time.GetUtcNow();

        // The fusion loop hangs; health still goes out. Once it has gone the stall time (10 s, the
        // timeout) without a summary, the feeding stops, and systemd restarts the service.
        for (int i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            messages++;
        }

        Assert.All(notifier.Feeds, at => Assert.True(at <= lastSummary + TimeSpan.FromSeconds(10), $"fed {at - lastSummary} after the last summary"));
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_summary_interval_a_reload_lengthens_lengthens_the_stall_time_with_it()
    {
        var time = new FakeTimeProvider();
        var monitor = new StageMonitor();
        var fusion = new StageMeter("fusion", time);
        monitor.Add(fusion);
        long messages = 0;
        var notifier = new RecordingNotifier(time);
        TimeSpan interval = TimeSpan.FromMilliseconds(500);
        using var watchdog = new ServiceWatchdog(
            () => messages, monitor, Options.Create(new RuntimeOptions()), Options.Create(new SensingOptions()), time,
            NullLogger<ServiceWatchdog>.Instance, notifier, watchdogUsec: "10000000", watchdogPid: null, summaryInterval: () => interval);
        await watchdog.StartAsync(CancellationToken.None);

        // Reloaded to a summary every 20 s: a working service now goes 20 s between two summaries,
        // twice the 10 s timeout, and must still be fed every 5 s (health goes out every 500 ms).
        interval = TimeSpan.FromSeconds(20);
        for (int i = 1; i <= 120; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            messages++;
            if (i % 40 == 0)
            {
                fusion.Record(fusion.Start());
            }
        }

        Assert.Equal(12, notifier.Feeds.Count);
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_health_interval_a_reload_lengthens_lengthens_the_stall_time_with_it()
    {
        var time = new FakeTimeProvider();
        long messages = 0;
        var notifier = new RecordingNotifier(time);
        TimeSpan interval = TimeSpan.FromSeconds(5);
        using var watchdog = new ServiceWatchdog(
            () => messages, new StageMonitor(), Options.Create(new RuntimeOptions()), Options.Create(new SensingOptions()), time,
            NullLogger<ServiceWatchdog>.Instance, notifier, watchdogUsec: "10000000", watchdogPid: null, healthInterval: () => interval);
        await watchdog.StartAsync(CancellationToken.None);

        // Paused (no summaries, no fusion) and reloaded to health every 20 s: a working service now
        // publishes once in 20 s, twice the 10 s timeout, and must still be fed every 5 s.
        interval = TimeSpan.FromSeconds(20);
        for (int i = 1; i <= 120; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            if (i % 40 == 0)
            {
                messages++;
            }
        }

        Assert.Equal(12, notifier.Feeds.Count);
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_a_watchdog_in_the_unit_nothing_is_sent()
    {
        var time = new FakeTimeProvider();
        var notifier = new RecordingNotifier(time);
        using var watchdog = new ServiceWatchdog(
            () => 0, new StageMonitor(), Options.Create(new RuntimeOptions()), Options.Create(new SensingOptions()), time,
            NullLogger<ServiceWatchdog>.Instance, notifier, watchdogUsec: null, watchdogPid: null);
        await watchdog.StartAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(notifier.Feeds);
    }

    private static StageFigures[] Stages(long fusion, long? capture = null, long? face = null, long? body = null)
    {
        var stages = new List<StageFigures>();
        if (capture is { } c)
        {
            stages.Add(Figures("capture", c));
            stages.Add(Figures("face", face!.Value));
            stages.Add(Figures("face.latency", face.Value));
        }

        if (body is { } b)
        {
            stages.Add(Figures("body", b));
        }

        stages.Add(Figures("fusion", fusion));
        return [.. stages];
    }

    private static StageFigures Figures(string stage, long runs) => new(stage, runs, 0, 0, TimeSpan.Zero, TimeSpan.Zero, 0);

    private sealed class RecordingNotifier(TimeProvider time) : ISystemdNotifier
    {
        /// <summary>When each WATCHDOG=1 was sent.</summary>
        public List<DateTimeOffset> Feeds { get; } = [];

        public bool IsEnabled => true;

        public void Notify(ServiceState state)
        {
            Assert.Equal("WATCHDOG=1", state.ToString());
            Feeds.Add(time.GetUtcNow());
        }
    }
}
