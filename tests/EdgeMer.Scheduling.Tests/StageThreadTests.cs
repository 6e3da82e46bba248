using System.Collections.Concurrent;
using EdgeMer.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Scheduling.Tests;

/// <summary>
/// Stages on threads of their own, on a fake clock with scripted costs: a run's work waits until the
/// test has moved the clock on by the run's cost and lets it end, and the test waits for each stage
/// to start a run or hand an item back before it moves the clock again, so every run is timed on the
/// script alone. The timeouts only keep a broken stage from hanging the test.
/// </summary>
public sealed class StageThreadTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_frameInterval = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<Exception> _failures = new();

    [Fact]
    public void A_slow_stage_works_on_the_newest_frame_after_each_run_and_the_stale_ones_are_released_and_counted_as_drops()
    {
        using var released = new Released();
        using var frames = new LatestSlot<Item>(released.Add);
        var meter = new StageMeter("face.detect", _time);
        using var work = new HeldWork();
        var stage = new StageThread<Item>(frames, meter, work.Run, _failures.Enqueue);

        // A frame every 100 ms; runs of 200 and 300 ms in turn, so two or three frames come during each.
        TimeSpan now = TimeSpan.Zero, nextFrame = TimeSpan.Zero;
        int captured = 0;
        var taken = new List<int>();
        for (int run = 0; run < 20; run++)
        {
            while (nextFrame <= now)
            {
                frames.Put(new Item(++captured, _time.GetTimestamp()));
                nextFrame += s_frameInterval;
            }

            taken.Add(work.WaitStarted().Number);
            TimeSpan end = now + TimeSpan.FromMilliseconds(run % 2 == 0 ? 200 : 300);
            while (nextFrame <= end)
            {
                _time.Advance(nextFrame - now);
                now = nextFrame;
                frames.Put(new Item(++captured, _time.GetTimestamp()));
                nextFrame += s_frameInterval;
            }

            _time.Advance(end - now);
            now = end;
            work.Finish();
        }

        // The next run starts on the frame captured as the 20th ended: the 20 runs are all on the meter.
        Item next = work.WaitStarted();
        StageFigures figures = meter.Snapshot(TimeSpan.FromSeconds(5));

        // Each run started on the newest frame there was: frames 1, 3, 6, 8, 11... of the 51 captured in 5 s.
        Assert.Equal(Enumerable.Range(0, 20).Select(run => 1 + (5 * (run / 2)) + (2 * (run % 2))), taken);
        Assert.Equal(51, captured);
        Assert.Equal(51, next.Number);
        Assert.Equal(20, figures.Runs);
        Assert.Equal(TimeSpan.FromMilliseconds(200), figures.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(300), figures.P99);
        Assert.Equal(4.0, figures.RatePerSecond, 6);
        // Every frame neither run nor in use now was replaced while waiting: dropped, counted, and handed back.
        Assert.Equal(51 - 20 - 1, figures.Dropped);
        Assert.Equal(Enumerable.Range(1, 50), released.Numbers.Order());
        Assert.Empty(_failures);

        stage.Stop();
        work.Finish();
        Assert.True(stage.Join(s_guard));
    }

    [Fact]
    public void What_a_run_hands_on_afterwards_is_not_timed_and_follows_only_the_runs_that_ran()
    {
        using var done = new SemaphoreSlim(0);
        using var frames = new LatestSlot<Item>(_ => done.Release());
        var meter = new StageMeter("face", _time);
        var handed = new List<int>();
        // Runs cost 10 ms and only odd frames are due; handing on costs 50 ms (waiting on a busy fuser).
        var stage = new StageThread<Item>(
            frames,
            meter,
            item =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(10));
                return item.Number % 2 == 1;
            },
            _failures.Enqueue,
            handOver: item =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(50));
                handed.Add(item.Number);
            });

        for (int number = 1; number <= 6; number++)
        {
            frames.Put(new Item(number, _time.GetTimestamp()));
            Assert.True(done.Wait(s_guard), $"frame {number} was not handed back");
        }

        StageFigures figures = meter.Snapshot(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 3, 5], handed);
        Assert.Equal(3, figures.Runs);
        Assert.Equal(TimeSpan.FromMilliseconds(10), figures.P99);
        Assert.Empty(_failures);

        stage.Stop();
        Assert.True(stage.Join(s_guard));
    }

    [Fact]
    public void Two_chained_stages_measure_capture_to_output_as_their_costs_plus_waiting_and_the_budget_keeper_lowers_a_low_priority_stages_rate_until_the_costs_drop()
    {
        var chain = new Chain(_time, _failures);
        try
        {
            // Loaded, every stage at its rate: detection (130 ms) is slower than the frames come, so each
            // of its runs takes the newest frame, which waited for it; the landmarks (40 ms) follow at once.
            chain.Run(until: TimeSpan.FromSeconds(3), loaded: true);

            Assert.Equal([170, 200, 230, 260, 190, 220, 250, 180], chain.Latencies.Take(8));
            Assert.Equal([1, 2, 3, 4, 6, 7, 8, 10], chain.Detected.Take(8));
            Assert.Equal((TimeSpan.FromMilliseconds(130), TimeSpan.FromMilliseconds(130)), P50AndP99(chain.Detect, TimeSpan.FromSeconds(3)));
            Assert.Equal((TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(40)), P50AndP99(chain.Landmarks, TimeSpan.FromSeconds(3)));
            Assert.True(chain.Replaced > 0);
            Assert.Equal(chain.Replaced, chain.Detect.Snapshot(TimeSpan.FromSeconds(3)).Dropped);
            // Three periods over the budget: the lower rates, the low-priority stage's interval raised from every frame to 400 ms.
            Assert.Equal(10.0, chain.Emotion.Snapshot(TimeSpan.FromSeconds(2)).RatePerSecond, 6);
            Assert.Equal(Degradation.LowerRates, chain.Keeper.Ladder.Level);

            // Still loaded at the lower rates: 80 ms (100 for the first frame after the step, which waited for
            // the run in progress), under the budget but not well under it, so the rung holds; the frame in
            // flight as the ladder moved (260 ms) is not judged against the new rung.
            chain.Run(until: TimeSpan.FromSeconds(10), loaded: true);

            Assert.Equal(TimeSpan.FromMilliseconds(80), chain.Keeper.Latency.Snapshot(TimeSpan.FromSeconds(5)).P99);
            Assert.Equal(2.5, chain.Emotion.Snapshot(TimeSpan.FromSeconds(2)).RatePerSecond, 6);
            Assert.Equal(Degradation.LowerRates, chain.Keeper.Ladder.Level);

            // The load goes (40 ms): from 15 s the five seconds judged hold only the lighter runs, and after
            // ten periods well under the budget the rates are back.
            chain.Run(until: TimeSpan.FromSeconds(27), loaded: false);

            Assert.Equal(
                [(TimeSpan.FromSeconds(3), Degradation.None, Degradation.LowerRates), (TimeSpan.FromSeconds(24), Degradation.LowerRates, Degradation.None)],
                chain.Changes);
            Assert.Equal(10.0, chain.Emotion.Snapshot(TimeSpan.FromSeconds(2)).RatePerSecond, 6);
            Assert.Equal(TimeSpan.FromMilliseconds(40), chain.Keeper.Latency.Snapshot(TimeSpan.FromSeconds(5)).P99);
            Assert.Empty(_failures);
        }
        finally
        {
            chain.Dispose();
        }
    }

    [Fact]
    public void A_run_that_throws_is_reported_and_the_stage_goes_on_with_the_next_items()
    {
        using var released = new Released();
        using var items = new LatestSlot<Item>(released.Add);
        var meter = new StageMeter("face.emotion", _time);
        var ran = new ConcurrentQueue<int>();
        var stage = new StageThread<Item>(
            items,
            meter,
            item =>
            {
                // Item n costs n × 10 ms; the second fails at the end of its run.
                _time.Advance(TimeSpan.FromMilliseconds(item.Number * 10));
                if (item.Number == 2)
                {
                    throw new InvalidOperationException("scripted failure");
                }

                ran.Enqueue(item.Number);
                return true;
            },
            _failures.Enqueue);

        for (int number = 1; number <= 3; number++)
        {
            items.Put(new Item(number, _time.GetTimestamp()));
            released.WaitFor(number);
        }

        StageFigures figures = meter.Snapshot(TimeSpan.FromSeconds(1));
        stage.Stop();

        Assert.True(stage.Join(s_guard));
        Assert.Equal([1, 3], ran);
        Assert.Equal("scripted failure", Assert.Single(_failures).Message);
        Assert.Equal([1, 2, 3], released.Numbers);
        // The failed run is not a run: the meter holds the other two.
        Assert.Equal((2L, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30)), (figures.Runs, figures.P50, figures.P99));
    }

    [Fact]
    public void Stopping_closes_the_input_releases_the_item_waiting_there_and_ends_the_thread_after_the_run_in_progress()
    {
        using var released = new Released();
        using var frames = new LatestSlot<Item>(released.Add);
        var meter = new StageMeter("body", _time);
        using var work = new HeldWork();
        var stage = new StageThread<Item>(frames, meter, work.Run, _failures.Enqueue);
        frames.Put(new Item(1, _time.GetTimestamp()));
        work.WaitStarted();
        frames.Put(new Item(2, _time.GetTimestamp()));

        stage.Stop();

        Assert.Equal([2], released.Numbers);
        Assert.False(frames.Put(new Item(3, _time.GetTimestamp())));
        Assert.False(stage.Join(TimeSpan.Zero));

        _time.Advance(TimeSpan.FromMilliseconds(25));
        work.Finish();

        Assert.True(stage.Join(s_guard));
        Assert.Equal([2, 3, 1], released.Numbers);
        StageFigures figures = meter.Snapshot(TimeSpan.FromSeconds(1));
        Assert.Equal((1L, TimeSpan.FromMilliseconds(25)), (figures.Runs, figures.P99));
        Assert.Empty(_failures);
    }

    private static (TimeSpan, TimeSpan) P50AndP99(StageMeter meter, TimeSpan window)
    {
        StageFigures figures = meter.Snapshot(window);
        return (figures.P50, figures.P99);
    }

    /// <summary>A frame (or what a stage made of it): its number and its capture timestamp on the fake clock.</summary>
    private sealed record Item(int Number, long Captured);

    /// <summary>The items a slot or stage handed back, in order, with a signal for each.</summary>
    private sealed class Released : IDisposable
    {
        private readonly List<int> _numbers = [];
        private readonly SemaphoreSlim _signal = new(0);

        public int[] Numbers
        {
            get
            {
                lock (_numbers)
                {
                    return [.. _numbers];
                }
            }
        }

        public void Add(Item item)
        {
            lock (_numbers)
            {
                _numbers.Add(item.Number);
            }

            _signal.Release();
        }

        public void WaitFor(int number)
        {
            while (!Numbers.Contains(number))
            {
                Assert.True(_signal.Wait(s_guard), $"item {number} was never handed back");
            }
        }

        public void Dispose() => _signal.Dispose();
    }

    /// <summary>
    /// A stage's work that runs until the test ends it: it says which item it started on, waits for
    /// <see cref="Finish"/> (the test has moved the clock on by the run's cost), then hands its output on.
    /// </summary>
    private sealed class HeldWork(Action<Item>? then = null) : IDisposable
    {
        private readonly SemaphoreSlim _started = new(0);
        private readonly SemaphoreSlim _finish = new(0);
        private Item? _current;

        public bool Run(Item item)
        {
            Volatile.Write(ref _current, item);
            _started.Release();
            _finish.Wait();
            then?.Invoke(item);
            return true;
        }

        public Item WaitStarted()
        {
            Assert.True(_started.Wait(s_guard), "the stage never started a run");
            return Volatile.Read(ref _current)!;
        }

        public void Finish() => _finish.Release();

        public void Dispose()
        {
            _started.Dispose();
            _finish.Dispose();
        }
    }

    /// <summary>
    /// Detection feeding landmarks through a slot, and a low-priority emotion stage beside them, on a
    /// scripted device: a frame every 100 ms; loaded, detection costs 130 ms at full rates and 40 at the
    /// lower rates, landmarks 40; unloaded, 20 each; emotion runs on every frame at full rates and once
    /// per 400 ms of capture time at the lower rates, at no cost.
    /// The test plays the clock event by event (a run ending, a frame captured) and a budget keeper
    /// (100 ms, judged each second) is asked after each, as the service's fusion tick does.
    /// </summary>
    private sealed class Chain : IDisposable
    {
        private readonly FakeTimeProvider _time;
        private readonly Released _frameReleases = new();
        private readonly Released _detectionReleases = new();
        private readonly Released _emotionReleases = new();
        private readonly LatestSlot<Item> _frames;
        private readonly LatestSlot<Item> _detections;
        private readonly LatestSlot<Item> _emotionFrames;
        private readonly HeldWork _detectWork;
        private readonly HeldWork _landmarkWork;
        private readonly StageThread<Item>[] _stages;
        private readonly List<int> _latencies = [];
        private TimeSpan _now;
        private TimeSpan _nextFrame;
        private int _captured;
        private (Item Item, TimeSpan Ends)? _detecting;
        private (Item Item, TimeSpan Ends)? _landmarking;
        private bool _frameWaiting;
        private bool _detectionWaiting;
        private long _emotionLastRun = -1;
        private long _emotionInterval = TimeSpan.FromMilliseconds(100).Ticks;

        public Chain(FakeTimeProvider time, ConcurrentQueue<Exception> failures)
        {
            _time = time;
            _frames = new LatestSlot<Item>(_frameReleases.Add);
            _detections = new LatestSlot<Item>(_detectionReleases.Add);
            _emotionFrames = new LatestSlot<Item>(_emotionReleases.Add);
            Detect = new StageMeter("face.detect", time);
            Landmarks = new StageMeter("face", time);
            Emotion = new StageMeter("face.emotion", time);
            var budget = TimeSpan.FromMilliseconds(100);
            Keeper = new BudgetKeeper(new StageMeter("face.latency", time, budget), new DegradationLadder(budget, [Degradation.LowerRates, Degradation.PauseModality]), TimeSpan.FromSeconds(1));
            _detectWork = new HeldWork(frame =>
            {
                Detected.Enqueue(frame.Number);
                _detections.Put(frame with { });
            });
            _landmarkWork = new HeldWork(detection =>
            {
                TimeSpan latency = _time.GetElapsedTime(detection.Captured);
                Keeper.Latency.Record(latency);
                lock (_latencies)
                {
                    _latencies.Add((int)latency.TotalMilliseconds);
                }
            });
            _stages =
            [
                new StageThread<Item>(_frames, Detect, _detectWork.Run, failures.Enqueue, output: _detections),
                new StageThread<Item>(_detections, Landmarks, _landmarkWork.Run, failures.Enqueue),
                new StageThread<Item>(_emotionFrames, Emotion, ReadEmotion, failures.Enqueue),
            ];
        }

        public StageMeter Detect { get; }

        public StageMeter Landmarks { get; }

        public StageMeter Emotion { get; }

        public BudgetKeeper Keeper { get; }

        /// <summary>The frames detection ran on, in order (written on its thread before it hands the run back).</summary>
        public ConcurrentQueue<int> Detected { get; } = new();

        /// <summary>Frames replaced in detection's slot before it took them.</summary>
        public long Replaced { get; private set; }

        /// <summary>Each frame's capture-to-landmarks latency in milliseconds, in order.</summary>
        public int[] Latencies
        {
            get
            {
                lock (_latencies)
                {
                    return [.. _latencies];
                }
            }
        }

        /// <summary>When the ladder moved, from where to where.</summary>
        public List<(TimeSpan At, Degradation Before, Degradation After)> Changes { get; } = [];

        public void Run(TimeSpan until, bool loaded)
        {
            while (_now < until)
            {
                TimeSpan next = Min(_nextFrame, Min(_landmarking?.Ends ?? TimeSpan.MaxValue, _detecting?.Ends ?? TimeSpan.MaxValue));
                _time.Advance(next - _now);
                _now = next;

                // At one instant: landmarks end, then detection (whose output the landmarks may take at once), then the frame.
                if (_landmarking is { } landmarking && landmarking.Ends == _now)
                {
                    _landmarkWork.Finish();
                    _detectionReleases.WaitFor(landmarking.Item.Number);
                    _landmarking = null;
                    if (_detectionWaiting)
                    {
                        _detectionWaiting = false;
                        StartLandmarks(loaded);
                    }
                }

                if (_detecting is { } detecting && detecting.Ends == _now)
                {
                    _detectWork.Finish();
                    _frameReleases.WaitFor(detecting.Item.Number);
                    _detecting = null;
                    if (_landmarking is null)
                    {
                        StartLandmarks(loaded);
                    }
                    else
                    {
                        _detectionWaiting = true;
                    }

                    if (_frameWaiting)
                    {
                        _frameWaiting = false;
                        StartDetect(loaded);
                    }
                }

                if (_nextFrame == _now)
                {
                    Capture(loaded);
                }

                if (Keeper.Tick() is { Changed: true } decision)
                {
                    Changes.Add((_now, decision.Before, decision.After));
                    Volatile.Write(ref _emotionInterval, TimeSpan.FromMilliseconds(decision.After >= Degradation.LowerRates ? 400 : 100).Ticks);
                }
            }
        }

        private void Capture(bool loaded)
        {
            _captured++;
            long timestamp = _time.GetTimestamp();
            _emotionFrames.Put(new Item(_captured, timestamp));
            _emotionReleases.WaitFor(_captured);
            _frames.Put(new Item(_captured, timestamp));
            if (_detecting is null)
            {
                StartDetect(loaded);
            }
            else if (_frameWaiting)
            {
                Replaced++;
            }
            else
            {
                _frameWaiting = true;
            }

            _nextFrame += s_frameInterval;
        }

        private void StartDetect(bool loaded) =>
            _detecting = (_detectWork.WaitStarted(), _now + TimeSpan.FromMilliseconds(!loaded ? 20 : Keeper.Ladder.Level == Degradation.None ? 130 : 40));

        private void StartLandmarks(bool loaded) =>
            _landmarking = (_landmarkWork.WaitStarted(), _now + TimeSpan.FromMilliseconds(loaded ? 40 : 20));

        // Due once per interval of capture time (the interval the rung in force sets).
        private bool ReadEmotion(Item frame)
        {
            if (_emotionLastRun >= 0 && _time.GetElapsedTime(_emotionLastRun, frame.Captured).Ticks < Volatile.Read(ref _emotionInterval))
            {
                return false;
            }

            _emotionLastRun = frame.Captured;
            return true;
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        public void Dispose()
        {
            foreach (StageThread<Item> stage in _stages)
            {
                stage.Stop();
            }

            // Runs still held end now.
            _detectWork.Finish();
            _landmarkWork.Finish();
            foreach (StageThread<Item> stage in _stages)
            {
                Assert.True(stage.Join(s_guard));
            }

            _detectWork.Dispose();
            _landmarkWork.Dispose();
            _frames.Dispose();
            _detections.Dispose();
            _emotionFrames.Dispose();
            _frameReleases.Dispose();
            _detectionReleases.Dispose();
            _emotionReleases.Dispose();
        }
    }
}
