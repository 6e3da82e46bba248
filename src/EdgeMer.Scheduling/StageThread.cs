namespace EdgeMer.Scheduling;

/// <summary>
/// A stage on a thread of its own (named <c>edgemer</c> and the meter's name): it takes the newest
/// item from its input <see cref="LatestSlot{T}"/> until the slot is closed and hands it to the
/// stage's work, which returns whether it ran (a stage not due for the item skips it); a run's cost is
/// recorded on the <see cref="StageMeter"/>, on the meter's clock; then, untimed, the stage hands its
/// results on (<c>handOver</c>, where waiting on whoever takes them is not the stage's cost). The inputs replaced in the slot, and
/// the outputs replaced in the slot the work hands over to, are added to the meter's drops after each
/// item, and each item goes back the way the slot releases a replaced one. A run that throws is handed
/// to <c>failed</c> and not recorded; the stage goes on with the next item.
/// </summary>
/// <typeparam name="T">What the stage takes (a frame).</typeparam>
public sealed class StageThread<T>
    where T : class
{
    private readonly LatestSlot<T> _input;
    private readonly StageMeter _meter;
    private readonly ISlotCounts? _output;
    private readonly Func<T, bool> _work;
    private readonly Action<T>? _handOver;
    private readonly Action<Exception> _failed;
    private readonly Lock _gate;
    private readonly Thread _thread;

    /// <param name="input">Where the items come from; <see cref="Stop"/> closes it.</param>
    /// <param name="meter">Where the runs and drops are counted; its clock times the runs.</param>
    /// <param name="work">Runs the stage on an item, or skips it when not due; true when it ran.</param>
    /// <param name="failed">Told of a run that threw (to log it).</param>
    /// <param name="gate">Held for each item (not timed), so whoever replaces what the work uses (its models) waits for the run in progress; null for none.</param>
    /// <param name="output">The slot the work hands its output to, whose drops count as this stage's; null for none.</param>
    /// <param name="handOver">Run after each run that ran, under the gate but not timed: handing the results on; null for none.</param>
    public StageThread(LatestSlot<T> input, StageMeter meter, Func<T, bool> work, Action<Exception> failed, Lock? gate = null, ISlotCounts? output = null, Action<T>? handOver = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(failed);
        _input = input;
        _meter = meter;
        _work = work;
        _failed = failed;
        _gate = gate ?? new Lock();
        _output = output;
        _handOver = handOver;
        _thread = new Thread(Run) { Name = $"edgemer {meter.Name}", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Closes the input: the item waiting there is released, and the thread ends after the run in progress.</summary>
    public void Stop() => _input.Close();

    /// <summary>Waits for the thread to end (after <see cref="Stop"/>), at most <paramref name="limit"/> where given; false when it has not.</summary>
    public bool Join(TimeSpan? limit = null)
    {
        if (limit is { } wait)
        {
            return _thread.Join(wait);
        }

        _thread.Join();
        return true;
    }

    private void Run()
    {
        long dropped = 0;
        while (_input.Take(CancellationToken.None) is T item)
        {
            try
            {
                lock (_gate)
                {
                    long started = _meter.Start();
                    if (_work(item))
                    {
                        _meter.Record(started);
                        _handOver?.Invoke(item);
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One bad item must not end the stage (or, on this thread, the process).
                _failed(e);
            }
            finally
            {
                long nowDropped = _input.Dropped + (_output?.Dropped ?? 0);
                _meter.AddDropped(nowDropped - dropped);
                dropped = nowDropped;
                _input.Release(item);
            }
        }
    }
}
