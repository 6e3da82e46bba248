using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Platform.Tests;

/// <summary>
/// A fake clock that lets a test wait until the code under test has armed a timer before moving the
/// clock on, so advancing never races the code that arms it (Polly, for one, arms its back-off delay
/// after it has reported the delay).
/// </summary>
public sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private readonly List<TimeSpan> _armed = [];
    private readonly object _gate = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _armed.Add(dueTime);
            Monitor.PulseAll(_gate);
        }

        return timer;
    }

    /// <summary>
    /// Waits until a timer due in <paramref name="dueTime"/> has been created (each one counts once;
    /// within a millisecond, as Polly arms its delays in whole milliseconds), then advances the clock by that much.
    /// </summary>
    public void AdvanceWhenArmed(TimeSpan dueTime)
    {
        DateTime giveUp = DateTime.UtcNow + s_patience;
        lock (_gate)
        {
            int found;
            while ((found = _armed.FindIndex(armed => (armed - dueTime).Duration() < TimeSpan.FromMilliseconds(1))) < 0)
            {
                TimeSpan left = giveUp - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                {
                    throw new TimeoutException($"no timer due in {dueTime} was armed within {s_patience.TotalSeconds} s; armed: {string.Join(", ", _armed)}");
                }
            }

            _armed.RemoveAt(found);
        }

        Advance(dueTime);
    }
}
