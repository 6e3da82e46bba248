namespace EdgeMer.Inference;

/// <summary>Whether independent branches of a graph run one after another or in parallel.</summary>
public enum ExecutionMode
{
    /// <summary>One node at a time (inter-op threads unused).</summary>
    Sequential = 0,

    /// <summary>Independent branches run in parallel on the inter-op threads.</summary>
    Parallel = 1,
}
