using System.Collections.Concurrent;
using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Platform;
using EdgeMer.Platform.Tests;

namespace EdgeMer.Capture.Tests;

/// <summary>The GStreamer path for real: gst-launch-1.0 with videotestsrc standing in for the camera element.</summary>
public sealed class GStreamerSourceTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_pipeline_delivers_frames_of_the_asked_size_in_the_colour_it_made()
    {
        // ARGB 0xff_10_80_f0: a known colour in every pixel, through videoconvert and videoscale.
        using var source = new GStreamerSource(
            new GStreamerSourceOptions { Pipeline = "videotestsrc pattern=solid-color foreground-color=0xff1080f0 ! video/x-raw,width=160,height=120", Width = 96, Height = 64 },
            new CaptureClock(TimeProvider.System));
        using var stop = new CancellationTokenSource();
        var frames = new List<(long Sequence, byte[] Pixels)>();

        await source.RunAsync(
            frame =>
            {
                frames.Add((frame.Sequence, frame.Pixels.ToArray()));
                if (frames.Count == 5)
                {
                    stop.Cancel();
                }
            },
            stop.Token).WaitAsync(s_patience);

        Assert.Equal([0L, 1, 2, 3, 4], frames.Select(f => f.Sequence));
        Assert.All(frames, f => Assert.Equal(96 * 64 * 3, f.Pixels.Length));
        for (int i = 0; i < frames[0].Pixels.Length; i += 3)
        {
            Assert.InRange(frames[0].Pixels[i], 0x10 - 2, 0x10 + 2);
            Assert.InRange(frames[0].Pixels[i + 1], 0x80 - 2, 0x80 + 2);
            Assert.InRange(frames[0].Pixels[i + 2], 0xf0 - 2, 0xf0 + 2);
        }

        Assert.Equal(["gst-launch-1.0", "-q", "videotestsrc", "pattern=solid-color", "foreground-color=0xff1080f0", "!", "video/x-raw,width=160,height=120",
            "!", "videoconvert", "!", "videoscale", "!", "video/x-raw,format=RGB,width=96,height=64", "!", "fdsink", "fd=1"], source.Command);
    }

    [Fact]
    public async Task Frames_from_a_pipeline_allocate_nothing_per_frame_in_steady_state()
    {
        using var source = new GStreamerSource(
            new GStreamerSourceOptions { Pipeline = "videotestsrc pattern=ball num-buffers=400", Width = 320, Height = 240, FirstStartMustSucceed = true, Restart = RestartPolicy.Never },
            new CaptureClock(TimeProvider.System));
        using var stop = new CancellationTokenSource();
        long atFrame50 = 0;
        long atFrame350 = 0;

        await source.RunAsync(
            frame =>
            {
                if (frame.Sequence == 50)
                {
                    atFrame50 = GC.GetAllocatedBytesForCurrentThread();
                }
                else if (frame.Sequence == 350)
                {
                    atFrame350 = GC.GetAllocatedBytesForCurrentThread();
                    stop.Cancel();
                }
            },
            stop.Token).WaitAsync(s_patience);

        Assert.NotEqual(0, atFrame350);
        Assert.Equal(0, atFrame350 - atFrame50);
    }

    [Fact]
    public async Task A_pipeline_that_ends_is_restarted_after_a_back_off_and_the_frame_numbers_show_the_gap()
    {
        var time = new TimerWatchingTimeProvider();
        using var source = new GStreamerSource(
            new GStreamerSourceOptions
            {
                Pipeline = "videotestsrc num-buffers=3",
                Width = 32,
                Height = 24,
                Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(2), Jitter = false },
            },
            new CaptureClock(time));
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;
        using var stop = new CancellationTokenSource();
        var sequences = new ConcurrentQueue<long>();

        Task running = source.RunAsync(
            frame =>
            {
                sequences.Enqueue(frame.Sequence);
                if (frame.Sequence == 6)
                {
                    stop.Cancel();
                }
            },
            stop.Token);

        SupervisedProcessFailure ended = log.Next(SupervisedProcessState.Failed, 1).Failure!;
        Assert.Equal("ended (exit code 0) but should run on", ended.Reason);
        Assert.Equal(TimeSpan.FromSeconds(2), log.Next(SupervisedProcessState.BackingOff, 2).Delay);
        time.AdvanceWhenArmed(TimeSpan.FromSeconds(2));
        log.Next(SupervisedProcessState.Running, 2);
        await running.WaitAsync(s_patience);

        Assert.Equal([0L, 1, 2, 4, 5, 6], sequences);
        Assert.Equal(SupervisedProcessEnd.Cancelled, log.Next(SupervisedProcessState.Stopped, 2).End);
    }

    [Fact]
    public async Task A_pipeline_with_an_element_GStreamer_lacks_is_an_error_naming_it_with_GStreamers_reason()
    {
        using var source = new GStreamerSource(new GStreamerSourceOptions { Pipeline = "nosuchcamerasrc sensor-id=0" }, new CaptureClock(TimeProvider.System));

        FrameSourceException error = await Assert.ThrowsAsync<FrameSourceException>(() => source.RunAsync(_ => { }, CancellationToken.None).WaitAsync(s_patience));

        Assert.Equal("gstreamer nosuchcamerasrc sensor-id=0", error.SourceName);
        Assert.Contains("gst-launch-1.0 exited with code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("no element \"nosuchcamerasrc\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_that_keeps_failing_is_given_up_after_the_restart_limit_without_taking_the_caller_down()
    {
        var time = new TimerWatchingTimeProvider();
        using var source = new GStreamerSource(
            new GStreamerSourceOptions
            {
                Pipeline = "v4l2src device=/dev/edgemer-no-camera",
                FirstStartMustSucceed = false,
                Restart = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false, MaxRestarts = 2 },
            },
            new CaptureClock(time));
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;

        Task running = source.RunAsync(_ => { }, CancellationToken.None);
        time.AdvanceWhenArmed(log.Next(SupervisedProcessState.BackingOff, 2).Delay!.Value);
        time.AdvanceWhenArmed(log.Next(SupervisedProcessState.BackingOff, 3).Delay!.Value);
        FrameSourceException error = await Assert.ThrowsAsync<FrameSourceException>(() => running.WaitAsync(s_patience));

        Assert.StartsWith("gstreamer v4l2src device=/dev/edgemer-no-camera: gst-launch-1.0 failed 3 times in a row; the last time it exited with code ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot identify device '/dev/edgemer-no-camera'", error.Message, StringComparison.Ordinal);
        Assert.Equal(SupervisedProcessState.Stopped, source.State);
    }

    [Fact]
    public async Task A_pipeline_that_runs_but_delivers_nothing_is_killed_as_stalled_and_reported()
    {
        // The valve drops every buffer: gst-launch runs and writes nothing, a camera that hangs.
        var time = new TimerWatchingTimeProvider();
        using var source = new GStreamerSource(
            new GStreamerSourceOptions { Pipeline = "videotestsrc is-live=true ! valve drop=true", StallTimeout = TimeSpan.FromSeconds(5) },
            new CaptureClock(time));
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;

        Task running = source.RunAsync(_ => { }, CancellationToken.None);
        int gst = log.Next(SupervisedProcessState.Running, 1).ProcessId!.Value;
        time.Advance(TimeSpan.FromSeconds(5));
        FrameSourceException error = await Assert.ThrowsAsync<FrameSourceException>(() => running.WaitAsync(s_patience));

        Assert.Equal(SupervisedProcessFailureKind.Stalled, log.Next(SupervisedProcessState.Failed, 1).Failure!.Kind);
        Assert.Equal("gstreamer videotestsrc is-live=true ! valve drop=true: gst-launch-1.0 stalled: no output for 5 s, killed", error.Message);
        Assert.False(ProcessTable.IsAlive(gst));
    }

    [Fact]
    public async Task Disposing_a_running_source_stops_it_and_kills_gst_launch()
    {
        var source = new GStreamerSource(new GStreamerSourceOptions { Pipeline = "videotestsrc is-live=true", Width = 32, Height = 24 }, new CaptureClock(TimeProvider.System));
        using var log = new StateChangeLog();
        source.StateChanged += log.Record;
        using var first = new ManualResetEventSlim();

        Task running = source.RunAsync(_ => first.Set(), CancellationToken.None);
        Assert.True(first.Wait(s_patience));
        int gst = log.Next(SupervisedProcessState.Running, 1).ProcessId!.Value;
        source.Dispose();

        await running.WaitAsync(s_patience);
        Assert.False(ProcessTable.IsAlive(gst));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => source.RunAsync(_ => { }, CancellationToken.None));
    }

    [Theory]
    [InlineData("", "the pipeline is empty")]
    [InlineData("videotestsrc ! 'video/x-raw", "quote that is not closed")]
    public void A_pipeline_that_cannot_be_read_is_refused_naming_it(string pipeline, string problem)
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => new GStreamerSource(new GStreamerSourceOptions { Pipeline = pipeline }, new CaptureClock(TimeProvider.System)));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith($"gstreamer {pipeline.Trim()}: ", refused.Message, StringComparison.Ordinal);
    }
}
