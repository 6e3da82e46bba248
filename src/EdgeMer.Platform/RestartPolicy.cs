namespace EdgeMer.Platform;

/// <summary>
/// When a <see cref="SupervisedProcess"/> starts its program again after a failure: exponential
/// back-off from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, with jitter so that several
/// sources that failed together (a USB hub reset) do not retry in step, and a limit on consecutive
/// failures. A run that delivered output for <see cref="StableAfter"/> counts as healthy: when it then
/// fails, the program starts again at once and the back-off begins anew.
/// </summary>
public sealed record RestartPolicy
{
    /// <summary>The longest delay the back-off may reach (Polly's limit for one delay).</summary>
    private static readonly TimeSpan s_longestDelay = TimeSpan.FromDays(1);

    /// <summary>The delay before the first restart (the median of it, with jitter); later delays double. Default 0.5 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between restarts. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Spread the delays at random around the exponential curve. Default on.</summary>
    public bool Jitter { get; init; } = true;

    /// <summary>
    /// How many restarts in a row (without a healthy run between them) are made before giving up;
    /// null never gives up, 0 never restarts. Default null.
    /// </summary>
    public int? MaxRestarts { get; init; }

    /// <summary>How long a run must deliver output to count as healthy, so that its failure starts the back-off anew. Default 30 s.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A policy that never restarts: the first failure ends supervision (a file being decoded).</summary>
    public static RestartPolicy Never { get; } = new() { MaxRestarts = 0 };

    /// <summary>Throws <see cref="ArgumentException"/> naming the property that is out of range and the allowed values.</summary>
    /// <param name="owner">What the policy belongs to, for the message.</param>
    public void Validate(string owner)
    {
        if (InitialDelay <= TimeSpan.Zero || InitialDelay > s_longestDelay)
        {
            throw new ArgumentException($"{owner}: restart InitialDelay is {InitialDelay}; allowed: more than 0 and at most 1 day");
        }

        if (MaxDelay < InitialDelay || MaxDelay > s_longestDelay)
        {
            throw new ArgumentException($"{owner}: restart MaxDelay is {MaxDelay}; allowed: from InitialDelay ({InitialDelay}) to 1 day");
        }

        if (MaxRestarts is < 0)
        {
            throw new ArgumentException($"{owner}: restart MaxRestarts is {MaxRestarts}; allowed: 0 or more, or null for no limit");
        }

        if (StableAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{owner}: restart StableAfter is {StableAfter}; allowed: more than 0");
        }
    }
}
