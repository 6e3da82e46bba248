using System.Collections.Concurrent;
using EdgeMer.Platform;

namespace EdgeMer.Platform.Tests;

/// <summary>The state changes a supervised program reports, for a test to wait on one by one.</summary>
public sealed class StateChangeLog : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private readonly BlockingCollection<SupervisedProcessStateChange> _pending = [];
    private readonly ConcurrentQueue<SupervisedProcessStateChange> _all = new();

    /// <summary>Every change reported so far, in order.</summary>
    public IReadOnlyList<SupervisedProcessStateChange> All => [.. _all];

    /// <summary>The handler to attach to a <c>StateChanged</c> event.</summary>
    public void Record(object? sender, SupervisedProcessStateChange change)
    {
        _all.Enqueue(change);
        _pending.Add(change);
    }

    /// <summary>The next report of <paramref name="state"/>, which must concern <paramref name="run"/>; reports of other states before it are passed over.</summary>
    public SupervisedProcessStateChange Next(SupervisedProcessState state, int run)
    {
        while (true)
        {
            if (!_pending.TryTake(out SupervisedProcessStateChange? change, s_patience))
            {
                throw new TimeoutException($"no state change within {s_patience.TotalSeconds} s; expected {state} of run {run}");
            }

            if (change.State == state)
            {
                Assert.Equal(run, change.Run);
                return change;
            }

            Assert.True(change.State != SupervisedProcessState.Stopped, $"stopped while waiting for {state} of run {run}: {change}");
        }
    }

    public void Dispose() => _pending.Dispose();
}
