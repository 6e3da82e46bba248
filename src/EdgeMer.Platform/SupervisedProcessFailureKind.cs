namespace EdgeMer.Platform;

/// <summary>How a supervised program failed.</summary>
public enum SupervisedProcessFailureKind
{
    /// <summary>It could not be started (not found, not executable).</summary>
    CouldNotStart,

    /// <summary>It ended: a non-zero exit code, a signal, or (for a program that should run on) any end.</summary>
    Exited,

    /// <summary>It wrote nothing for the stall timeout and was killed.</summary>
    Stalled,
}
