using EdgeMer.Affect;

namespace EdgeMer.Fusion;

/// <summary>What one <see cref="Fuser.Fuse"/> produced: the scene's summary first, then one per person where the purpose allows it, and the alerts raised since the last one.</summary>
public sealed record FusionResult(IReadOnlyList<Summary> Summaries, IReadOnlyList<Alert> Alerts)
{
    /// <summary>The summary of the scene (the group as a whole).</summary>
    public Summary Scene => Summaries[0];
}
