using System.Text.RegularExpressions;
using System.Text.Json;
using EdgeMer.Inference;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Measuring;

/// <summary>
/// Where a model spends its time, from ONNX Runtime's own profiler: the model is loaded with
/// profiling on, run a number of times, and the trace's per-node kernel times are summed by the
/// operator ONNX Runtime actually ran (after fusing QDQ groups into QLinearConv and the like), so a
/// report can say which operators an INT8 variant made faster or slower.
/// </summary>
public static partial class LayerProfile
{
    /// <param name="kinds">The kind of each of the model's own nodes by name (<c>DepthwiseConv</c>); an operator ONNX Runtime ran for such a node is listed with it, e.g. <c>QLinearConv (DepthwiseConv)</c>.</param>
    public static IReadOnlyList<OperatorTime> Measure(InferenceEnvironment environment, byte[] model, string name, InputCase input, int runs, IReadOnlyDictionary<string, string> kinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        string prefix = Path.Combine(Path.GetTempPath(), $"edgemer-profile-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1, ProfilingPrefix = prefix };
        string trace;
        using (InferenceSession session = InferenceSession.Load(environment, model, name, options))
        {
            for (int i = 0; i < runs; i++)
            {
                SessionRuns.Run(session, input);
            }

            trace = session.EndProfiling();
        }

        try
        {
            return Summarize(File.ReadAllBytes(trace), runs, kinds);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    /// <summary>Sums a Chrome-trace profile's node events (<c>cat</c> "Node", name ending in <c>_kernel_time</c>) by <c>args.op_name</c>.</summary>
    internal static IReadOnlyList<OperatorTime> Summarize(ReadOnlySpan<byte> json, int runs, IReadOnlyDictionary<string, string> kinds)
    {
        var totals = new Dictionary<string, (HashSet<string> Nodes, double Microseconds)>(StringComparer.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json.ToArray());
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            if (!item.TryGetProperty("cat", out JsonElement category) || category.GetString() != "Node"
                || item.GetProperty("name").GetString() is not { } eventName || !eventName.EndsWith("_kernel_time", StringComparison.Ordinal)
                || !item.TryGetProperty("args", out JsonElement args) || !args.TryGetProperty("op_name", out JsonElement op))
            {
                continue;
            }

            string name = op.GetString() ?? "?";
            // A node ONNX Runtime made by fusing a QDQ group keeps the original node's name with "_token_N" added.
            string node = TokenSuffix().Replace(eventName[..^"_kernel_time".Length], string.Empty);
            if (kinds.TryGetValue(node, out string? kind) && kind != name)
            {
                name = $"{name} ({kind})";
            }

            (HashSet<string> nodes, double microseconds) = totals.TryGetValue(name, out var found) ? found : (new HashSet<string>(StringComparer.Ordinal), 0);
            nodes.Add(eventName);
            totals[name] = (nodes, microseconds + item.GetProperty("dur").GetDouble());
        }

        var result = new List<OperatorTime>(totals.Count);
        foreach ((string op, (HashSet<string> nodes, double microseconds)) in totals)
        {
            result.Add(new OperatorTime(op, nodes.Count, microseconds / runs));
        }

        result.Sort((a, b) => b.MicrosecondsPerRun.CompareTo(a.MicrosecondsPerRun));
        return result;
    }

    [GeneratedRegex("_token_[0-9]+$")]
    private static partial Regex TokenSuffix();
}
