namespace EdgeMer.Affect;

/// <summary>The in-process privacy switch; thread-safe.</summary>
public sealed class PrivacySwitch : IPrivacySwitch
{
    private int _state;

    public PrivacySwitch(PrivacyState initial = PrivacyState.Capturing)
    {
        _state = (int)initial;
    }

    public PrivacyState State => (PrivacyState)Volatile.Read(ref _state);

    public event EventHandler<PrivacyState>? StateChanged;

    public bool SwitchTo(PrivacyState state)
    {
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "not a privacy state");
        }

        // The state moves first and stays moved whatever a handler does: the publisher obeys State,
        // so a pause holds even when a capture source fails to stop.
        if (Interlocked.Exchange(ref _state, (int)state) == (int)state)
        {
            return false;
        }

        List<Exception>? failures = null;
        foreach (EventHandler<PrivacyState> handler in Delegate.EnumerateInvocationList(StateChanged))
        {
            // One failing handler must not keep the others from hearing of the change.
            try
            {
                handler(this, state);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException(
                $"the privacy switch is {state}, but {failures.Count} of the handlers told of it failed", failures);
        }

        return true;
    }
}
