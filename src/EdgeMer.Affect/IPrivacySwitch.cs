namespace EdgeMer.Affect;

/// <summary>
/// The privacy switch every part that senses or publishes obeys: capture stops its sources while it
/// reads <see cref="PrivacyState.Paused"/>, and the publisher replaces every summary with a paused one.
/// Driven by the control socket (pause/resume) and, on devices that have one, a GPIO switch.
/// </summary>
public interface IPrivacySwitch
{
    /// <summary>The current position; cheap to read on every frame.</summary>
    PrivacyState State { get; }

    /// <summary>Raised after the state changes, on the thread that changed it.</summary>
    event EventHandler<PrivacyState>? StateChanged;

    /// <summary>
    /// Moves the switch and tells every <see cref="StateChanged"/> handler; returns false if it was
    /// already in <paramref name="state"/>. The new state holds even if handlers throw: each handler
    /// still runs, and their failures are then thrown together as an <see cref="AggregateException"/>.
    /// </summary>
    bool SwitchTo(PrivacyState state);
}
