namespace EdgeMer.Messaging.Privacy;

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

        if (Interlocked.Exchange(ref _state, (int)state) == (int)state)
        {
            return false;
        }

        StateChanged?.Invoke(this, state);
        return true;
    }
}
