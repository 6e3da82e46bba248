namespace EdgeMer.Inference;

/// <summary>What became of one execution provider when a session was (or would be) created.</summary>
public enum ExecutionProviderStatus
{
    /// <summary>This provider runs the model: the first preferred one that could be used.</summary>
    Selected,

    /// <summary>Registered behind the selected provider; runs the nodes the providers before it cannot.</summary>
    Fallback,

    /// <summary>Not among the providers this ONNX Runtime build offers.</summary>
    Unavailable,

    /// <summary>Offered, but adding it or creating the session with it failed (for example, CUDA libraries missing).</summary>
    Failed,

    /// <summary>Not tried: it was listed twice, or after the CPU provider.</summary>
    NotNeeded,
}
