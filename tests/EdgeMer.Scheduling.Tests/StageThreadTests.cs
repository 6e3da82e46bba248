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
    /// A stage's work that runs until the test ends it: it says which item it started on and waits for
    /// <see cref="Finish"/> (the test has moved the clock on by the run's cost).
    /// </summary>
    private sealed class HeldWork : IDisposable
    {
        private readonly SemaphoreSlim _started = new(0);
        private readonly SemaphoreSlim _finish = new(0);
        private Item? _current;

        public bool Run(Item item)
        {
            Volatile.Write(ref _current, item);
            _started.Release();
            _finish.Wait();
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
}
