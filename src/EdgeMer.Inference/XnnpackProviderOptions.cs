using System.Globalization;

namespace EdgeMer.Inference;

/// <summary>Settings of the XNNPACK execution provider.</summary>
public sealed class XnnpackProviderOptions
{
    /// <summary>XNNPACK's own thread pool size; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    internal void Validate(string prefix, List<string> problems)
    {
        if (IntraOpThreads < 0)
        {
            problems.Add($"{prefix}:IntraOpThreads is {IntraOpThreads}; allowed: 0 (ONNX Runtime chooses) or a positive thread count");
        }
    }

    internal List<KeyValuePair<string, string>> ToProviderOptions() =>
        IntraOpThreads > 0 ? [new("intra_op_num_threads", IntraOpThreads.ToString(CultureInfo.InvariantCulture))] : [];
}
