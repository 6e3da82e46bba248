using EdgeMer.Affect;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// A privacy switch that runs <see cref="BeforeRead"/> whenever its state is read, so a test can
/// hold the publisher thread at a known point or make it fail there.
/// </summary>
internal sealed class HookedPrivacySwitch : IPrivacySwitch
{
    private readonly PrivacySwitch _inner = new();

    public Action? BeforeRead { get; set; }

    /// <summary>A switch whose first <paramref name="reads"/> reads throw, like a switch that could not be read.</summary>
    public static HookedPrivacySwitch FailingFirstReads(int reads)
    {
        int left = reads;
        return new HookedPrivacySwitch
        {
            BeforeRead = () =>
            {
                if (Interlocked.Decrement(ref left) >= 0)
                {
                    throw new InvalidOperationException("the privacy switch could not be read");
                }
            },
        };
    }

    public PrivacyState State
    {
        get
        {
            BeforeRead?.Invoke();
            return _inner.State;
        }
    }

    public event EventHandler<PrivacyState>? StateChanged
    {
        add => _inner.StateChanged += value;
        remove => _inner.StateChanged -= value;
    }

    public bool SwitchTo(PrivacyState state) => _inner.SwitchTo(state);
}
