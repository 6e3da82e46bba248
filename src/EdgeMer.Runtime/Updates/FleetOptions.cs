namespace EdgeMer.Runtime.Updates;

/// <summary>Device-side model updates from signed bundles (section <c>Fleet</c>; docs/fleet.md); checked by <see cref="FleetOptionsValidator"/>.</summary>
public sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <summary>
    /// The folder updates live in (model sets, the live-set link, the state file, the last accepted
    /// version, results); empty turns updates off and the configured model store is used as it is.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Where bundles are dropped (renamed in whole, ending <c>.bundle</c>); empty for <c>inbox/</c> in <see cref="Directory"/>.</summary>
    public string? Inbox { get; set; }

    /// <summary>The trust root (keys and threshold); empty for <c>trust.json</c> in <see cref="Directory"/>.</summary>
    public string? Trust { get; set; }

    /// <summary>How often the inbox is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs of each model per self-test (after one warm-up run); the median must be inside the profile's latency budget.</summary>
    public int SelfTestRuns { get; set; } = 5;
}
