namespace EdgeMer.Platform;

/// <summary>How supervision of a program ended.</summary>
public enum SupervisedProcessEnd
{
    /// <summary>The program finished as expected (<see cref="SupervisedProcessOptions.FinishesOnSuccess"/>).</summary>
    Finished,

    /// <summary>The caller cancelled; the program was killed.</summary>
    Cancelled,

    /// <summary>The program kept failing and the restart policy gave up, or its first run failed and had to deliver.</summary>
    GaveUp,
}
