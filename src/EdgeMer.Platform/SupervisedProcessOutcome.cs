namespace EdgeMer.Platform;

/// <summary>How a <see cref="SupervisedProcess.RunAsync"/> ended.</summary>
/// <param name="End">Finished, cancelled, or gave up.</param>
/// <param name="Runs">How many times the program was started.</param>
/// <param name="LastFailure">The last run's failure, if a run failed (always set when <paramref name="End"/> is <see cref="SupervisedProcessEnd.GaveUp"/>).</param>
public sealed record SupervisedProcessOutcome(SupervisedProcessEnd End, int Runs, SupervisedProcessFailure? LastFailure);
