namespace EdgeMer.Platform;

/// <summary>What a <see cref="SupervisedProcess"/> runs and how it decides that the program failed.</summary>
public sealed record SupervisedProcessOptions
{
    /// <summary>What the program is for, in reports and errors (<c>camera /dev/video0</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The program: a path, or a name looked up on PATH.</summary>
    public required string FileName { get; init; }

    /// <summary>Its arguments, passed one by one as its argv; no shell splits or expands them.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Variables to set for the program; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>
    /// How long the program may write nothing to its standard output before it counts as stalled and
    /// is killed (a camera that stopped delivering). Time the reader spends away from reading counts
    /// too, so the reader must keep up. Default 10 s.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When to start the program again after it failed.</summary>
    public RestartPolicy Restart { get; init; } = new();

    /// <summary>
    /// The program is expected to finish (decoding a file): exit code 0 after the end of its output
    /// ends supervision as <see cref="SupervisedProcessEnd.Finished"/>. Otherwise (live capture) any
    /// end of the program is a failure. Default false.
    /// </summary>
    public bool FinishesOnSuccess { get; init; }

    /// <summary>
    /// With <see cref="FinishesOnSuccess"/>: a run that exits with 0 but wrote to standard error has
    /// failed. For a decoder run at an error-only log level, which exits 0 after concealing damaged
    /// input and says so only there. Default false.
    /// </summary>
    public bool FailsOnErrorOutput { get; init; }

    /// <summary>
    /// A first run that fails before writing any output ends supervision at once instead of being
    /// retried: a misnamed device or a pipeline that does not link is a mistake to report, not a
    /// fault to wait out. Default false.
    /// </summary>
    public bool FirstRunMustDeliver { get; init; }

    /// <summary>How many of the last bytes of standard error are kept for failure reasons. Default 4096.</summary>
    public int StandardErrorTailBytes { get; init; } = 4096;

    /// <summary>Throws <see cref="ArgumentException"/> naming the option that is missing or out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("a supervised process needs a Name for its reports");
        }

        if (string.IsNullOrEmpty(FileName))
        {
            throw new ArgumentException($"{Name}: FileName (the program to run) is empty");
        }

        ArgumentNullException.ThrowIfNull(Arguments);
        for (int i = 0; i < Arguments.Count; i++)
        {
            if (Arguments[i] is null)
            {
                throw new ArgumentException($"{Name}: argument {i} is null");
            }
        }

        if (StallTimeout <= TimeSpan.Zero || StallTimeout.TotalMilliseconds >= uint.MaxValue - 1)
        {
            throw new ArgumentException($"{Name}: StallTimeout is {StallTimeout}; allowed: more than 0 and less than 49 days");
        }

        if (StandardErrorTailBytes is < 256 or > 1024 * 1024)
        {
            throw new ArgumentException($"{Name}: StandardErrorTailBytes is {StandardErrorTailBytes}; allowed: 256..1048576");
        }

        ArgumentNullException.ThrowIfNull(Restart);
        Restart.Validate(Name);
    }
}
