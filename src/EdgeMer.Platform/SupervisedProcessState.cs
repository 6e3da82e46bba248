namespace EdgeMer.Platform;

/// <summary>Where a <see cref="SupervisedProcess"/> stands.</summary>
public enum SupervisedProcessState
{
    /// <summary>Not running: before the first start, or after supervision ended.</summary>
    Stopped,

    /// <summary>Starting the program.</summary>
    Starting,

    /// <summary>The program runs and its output is being read.</summary>
    Running,

    /// <summary>The program died, stalled or could not start; a restart or the end of supervision follows.</summary>
    Failed,

    /// <summary>Waiting out the back-off before the next start.</summary>
    BackingOff,
}
