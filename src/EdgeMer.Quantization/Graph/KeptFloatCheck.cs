using System.Text.RegularExpressions;
using EdgeMer.Inference;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Quantization.Graph;

/// <summary>
/// Whether the nodes a recipe keeps float still run in float once ONNX Runtime has optimised the
/// variant. The variant is loaded with ONNX Runtime's optimized-model output on and the graph it will
/// run is read back: a kept-float node that ONNX Runtime turned into an integer kernel (its QDQ fusion
/// leaves the node's name with <c>_token_N</c> added), or whose weight it quantized itself (its
/// <c>WeightBiasQuantization</c> optimizer names that INT8 weight <c>&lt;node&gt;_weight_q</c>), is a
/// problem the message names.
/// </summary>
public static partial class KeptFloatCheck
{
    /// <summary>One line per kept-float node that does not run in float in ONNX Runtime; empty when every one does.</summary>
    public static IReadOnlyList<string> Problems(InferenceEnvironment environment, byte[] variant, string name, IReadOnlyList<FloatNode> keptFloat)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(keptFloat);
        if (keptFloat.Count == 0)
        {
            return [];
        }

        string path = Path.Combine(Path.GetTempPath(), $"edgemer-optimized-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            // Error only: ONNX Runtime warns that a graph optimised for this CPU is not portable, which is the point here.
            var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1, OptimizedModelPath = path, LogLevel = LogLevel.Error };
            using (InferenceSession.Load(environment, variant, name, options))
            {
            }

            return Problems(OnnxModel.Load(path), keptFloat);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The problems in <paramref name="optimized"/>, the graph ONNX Runtime wrote after optimising the variant.</summary>
    internal static IReadOnlyList<string> Problems(OnnxModel optimized, IReadOnlyList<FloatNode> keptFloat)
    {
        OnnxGraph graph = optimized.Graph;
        var problems = new List<string>();
        foreach (FloatNode kept in keptFloat)
        {
            foreach (NodeProto node in graph.Nodes)
            {
                if (TokenSuffix().Replace(node.Name, string.Empty) == kept.Name && IsIntegerKernel(node))
                {
                    problems.Add($"node '{kept.Name}' ({kept.Kind}) is kept float by the recipe, but ONNX Runtime runs it as {Domain(node)}{node.OpType}{WeightOf(graph, node)}");
                    break;
                }

                if (ReadsOwnInt8Weight(graph, node, kept.Name) is { } weight)
                {
                    problems.Add($"node '{kept.Name}' ({kept.Kind}) is kept float by the recipe, but ONNX Runtime quantized its weight itself: {Domain(node)}{node.OpType} '{node.Name}' reads the INT8 tensor '{weight}' it made");
                    break;
                }
            }
        }

        return problems;
    }

    private static bool IsIntegerKernel(NodeProto node) =>
        node.OpType.StartsWith("QLinear", StringComparison.Ordinal) || node.OpType.EndsWith("Integer", StringComparison.Ordinal) || node.OpType is "QGemm" or "QAttention" or "DynamicQuantizeLSTM";

    private static string Domain(NodeProto node) => node.Domain is "" or "ai.onnx" ? string.Empty : node.Domain + ":";

    /// <summary>How the integer kernel's weight is scaled: " with a per-tensor INT8 weight" when its scale is one value.</summary>
    private static string WeightOf(OnnxGraph graph, NodeProto node)
    {
        // QLinearConv's inputs are x, x_scale, x_zero_point, w, w_scale, ...
        if (node.OpType == "QLinearConv" && node.Input.Count > 4 && graph.FindInitializer(node.Input[4]) is { } scale)
        {
            long count = OnnxTensors.ElementCount(scale);
            return count == 1 ? " with one scale for its whole INT8 weight (per tensor)" : $" with {count} weight scales";
        }

        return string.Empty;
    }

    private static string? ReadsOwnInt8Weight(OnnxGraph graph, NodeProto node, string kept)
    {
        foreach (string input in node.Input)
        {
            if (input.StartsWith(kept, StringComparison.Ordinal) && WeightSuffix().IsMatch(input[kept.Length..])
                && graph.FindInitializer(input) is { } tensor && OnnxTensors.ElementType(tensor) == TensorElementType.Int8)
            {
                return input;
            }
        }

        return null;
    }

    [GeneratedRegex("_token_[0-9]+$")]
    private static partial Regex TokenSuffix();

    [GeneratedRegex("^_weight_q(_token_[0-9]+)?$")]
    private static partial Regex WeightSuffix();
}
