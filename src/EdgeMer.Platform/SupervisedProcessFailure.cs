namespace EdgeMer.Platform;

/// <summary>Why one run of a supervised program failed.</summary>
/// <param name="Kind">Could not start, exited, or stalled.</param>
/// <param name="Reason">One line for logs and health: what happened, with the end of what the program printed on standard error.</param>
/// <param name="ExitCode">Its exit code (128 + the signal number when a signal ended it); null when it never started.</param>
/// <param name="StandardError">The last bytes it wrote to standard error, as text.</param>
/// <param name="DeliveredOutput">Whether it wrote anything to standard output before failing.</param>
public sealed record SupervisedProcessFailure(
    SupervisedProcessFailureKind Kind,
    string Reason,
    int? ExitCode,
    string StandardError,
    bool DeliveredOutput);
