namespace EdgeMer.Affect;

/// <summary>
/// Where fused summaries and alerts go: the only way evidence leaves the part that made it. The
/// runtime's egress implements it; the sink never blocks the caller, and a false return means the
/// item was dropped (and counted where the sink counts).
/// </summary>
public interface ISummarySink
{
    /// <summary>Hands over a summary; false when it was dropped.</summary>
    bool TryPublish(Summary summary);

    /// <summary>Hands over an alert; false when it was dropped.</summary>
    bool TryPublish(in Alert alert);
}
