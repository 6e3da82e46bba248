namespace EdgeMer.Runtime;

/// <summary>
/// The setup the runtime runs on now (profile, models, allow-list). Loaded at start, replaced whole by
/// a successful reload; readers take <see cref="Current"/> once per use and so never see half of one.
/// </summary>
public sealed class ActiveSetup : IDisposable
{
    private RuntimeSetup? _current;

    /// <summary>Raised after a reload replaced the setup, with the new one (on the reloading thread).</summary>
    public event EventHandler<RuntimeSetup>? Replaced;

    /// <summary>The setup in use; throws before the runtime has started.</summary>
    public RuntimeSetup Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("the runtime has not started");

    /// <summary>Whether a setup is loaded.</summary>
    public bool IsLoaded => Volatile.Read(ref _current) is not null;

    /// <summary>Installs <paramref name="next"/> and returns the setup it replaced (null at start), which the caller disposes.</summary>
    internal RuntimeSetup? Install(RuntimeSetup next)
    {
        ArgumentNullException.ThrowIfNull(next);
        RuntimeSetup? previous = Interlocked.Exchange(ref _current, next);
        if (previous is not null)
        {
            Replaced?.Invoke(this, next);
        }

        return previous;
    }

    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Dispose();
}
