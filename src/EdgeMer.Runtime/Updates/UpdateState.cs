namespace EdgeMer.Runtime.Updates;

/// <summary>
/// The update state file (<c>update.json</c>): the step an update has reached, the bundle and version
/// it is about, the set it replaces, and why it ended as it did. Written whole before each step.
/// </summary>
public sealed record UpdateState
{
    public UpdateStep Step { get; init; }

    /// <summary>The bundle's version (0 before it is known).</summary>
    public long Version { get; init; }

    /// <summary>The bundle's file name as it arrived.</summary>
    public string? Bundle { get; init; }

    /// <summary>The set folder (under <c>sets/</c>) serving before this update; null when the configured store served.</summary>
    public string? PreviousSet { get; init; }

    /// <summary>Why it was refused or rolled back.</summary>
    public string? Reason { get; init; }

    /// <summary>Short kind of refusal (<c>signature</c>, <c>oldVersion</c>, <c>health</c>, ...).</summary>
    public string? Refusal { get; init; }

    public DateTimeOffset Time { get; init; }
}
