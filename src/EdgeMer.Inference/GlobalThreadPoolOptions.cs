namespace EdgeMer.Inference;

/// <summary>
/// Thread pools shared by every session that opts in (<see cref="InferenceSessionOptions.UseGlobalThreadPools"/>),
/// so several models on a 4-core board share one set of threads instead of each starting its own.
/// </summary>
public sealed class GlobalThreadPoolOptions
{
    /// <summary>Threads that split the work of one node; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads that run independent nodes at once; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>Whether idle pool threads spin waiting for work (lower latency, but burns CPU a small board needs).</summary>
    public bool AllowSpinning { get; set; }

    internal void Validate(string prefix, List<string> problems)
    {
        if (IntraOpThreads < 0)
        {
            problems.Add($"{prefix}:IntraOpThreads is {IntraOpThreads}; allowed: 0 (ONNX Runtime chooses) or a positive thread count");
        }

        if (InterOpThreads < 0)
        {
            problems.Add($"{prefix}:InterOpThreads is {InterOpThreads}; allowed: 0 (ONNX Runtime chooses) or a positive thread count");
        }
    }
}
