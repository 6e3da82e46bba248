namespace EdgeMer.Platform;

/// <summary>One change of a <see cref="SupervisedProcess"/>'s state, for logs and health.</summary>
/// <param name="Name">The supervised program's name (<see cref="SupervisedProcessOptions.Name"/>).</param>
/// <param name="State">The new state.</param>
/// <param name="Run">Which run of the program this concerns, from 1 for the first start.</param>
/// <param name="ProcessId">The program's process id while it runs (<see cref="SupervisedProcessState.Running"/>), else null.</param>
/// <param name="Failure">Why the run failed (<see cref="SupervisedProcessState.Failed"/>), else null.</param>
/// <param name="Delay">How long until the next start (<see cref="SupervisedProcessState.BackingOff"/>), else null.</param>
/// <param name="End">How supervision ended (<see cref="SupervisedProcessState.Stopped"/>), else null.</param>
public sealed record SupervisedProcessStateChange(
    string Name,
    SupervisedProcessState State,
    int Run,
    int? ProcessId = null,
    SupervisedProcessFailure? Failure = null,
    TimeSpan? Delay = null,
    SupervisedProcessEnd? End = null)
{
    /// <summary>The change as one line: <c>camera /dev/video0 run 3: failed: stalled: ...</c>.</summary>
    public override string ToString() => State switch
    {
        SupervisedProcessState.Running => $"{Name} run {Run}: running (pid {ProcessId})",
        SupervisedProcessState.Failed => $"{Name} run {Run}: failed: {Failure?.Reason}",
        SupervisedProcessState.BackingOff => $"{Name}: restarting in {Delay?.TotalSeconds:0.###} s (run {Run} next)",
        SupervisedProcessState.Stopped => $"{Name}: stopped after {Run} run(s): {End}",
        _ => $"{Name} run {Run}: {State.ToString().ToLowerInvariant()}",
    };
}
