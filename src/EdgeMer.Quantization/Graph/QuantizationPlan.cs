using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Graph;

/// <summary>
/// What a recipe means for one model: which nodes become INT8, which stay float (and the recipe's
/// reason), and which activation tensors calibration must observe. Made by <see cref="For"/>, which
/// checks every node it is asked to quantize and names the node and the reason when it cannot.
/// </summary>
public sealed class QuantizationPlan
{
    private QuantizationPlan(IReadOnlyList<QuantizedNode> quantized, IReadOnlyList<FloatNode> keptFloat, IReadOnlyList<string> activations)
    {
        Quantized = quantized;
        KeptFloat = keptFloat;
        Activations = activations;
    }

    public IReadOnlyList<QuantizedNode> Quantized { get; }

    public IReadOnlyList<FloatNode> KeptFloat { get; }

    /// <summary>The float tensors that get a QuantizeLinear/DequantizeLinear pair, in graph order.</summary>
    public IReadOnlyList<string> Activations { get; }

    public static QuantizationPlan For(OnnxModel model, QuantizationRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recipe);
        OnnxGraph graph = model.Graph;
        CheckRules(graph, recipe);
        long opset = model.FindOpsetImport(OnnxModel.DefaultDomain) ?? 0;
        if (opset < 13)
        {
            throw new UnsupportedGraphException($"model '{graph.Name}' imports ai.onnx opset {opset}; per-channel QuantizeLinear/DequantizeLinear need opset 13 or later");
        }

        var quantized = new List<QuantizedNode>();
        var keptFloat = new List<FloatNode>();
        var activations = new List<string>();
        foreach (NodeProto node in graph.TopologicalOrder())
        {
            if (node.Domain is not ("" or "ai.onnx") || !recipe.Ops.Contains(node.OpType))
            {
                continue;
            }

            string kind = KindOf(graph, node);
            if (FindRule(recipe, node, kind) is { } rule)
            {
                keptFloat.Add(new FloatNode(node.Name, kind, rule.Reason));
                continue;
            }

            QuantizedNode plan = Describe(graph, node, kind);
            quantized.Add(plan);
            foreach (string input in plan.Inputs)
            {
                AddOnce(activations, input);
            }

            AddOnce(activations, plan.Output);
        }

        return new QuantizationPlan(quantized, keptFloat, activations);
    }

    private static void CheckRules(OnnxGraph graph, QuantizationRecipe recipe)
    {
        for (int i = 0; i < recipe.KeepFloat.Count; i++)
        {
            if (recipe.KeepFloat[i].Node is not { } name)
            {
                continue;
            }

            NodeProto node = graph.FindNode(name)
                ?? throw new QuantizationRecipeException($"{recipe.Source}: keepFloat[{i}].node '{name}' is not a node of model '{graph.Name}'");
            if (!QuantizationRecipe.QuantizableOps.Contains(node.OpType))
            {
                throw new QuantizationRecipeException($"{recipe.Source}: keepFloat[{i}].node '{name}' is a {node.OpType}; only {string.Join(", ", QuantizationRecipe.QuantizableOps)} nodes are quantized, so only they can be kept float");
            }
        }
    }

    private static FloatRule? FindRule(QuantizationRecipe recipe, NodeProto node, string kind)
    {
        foreach (FloatRule rule in recipe.KeepFloat)
        {
            if (rule.Node == node.Name || rule.Op == kind || (rule.Op == "Conv" && kind == "DepthwiseConv"))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary><c>DepthwiseConv</c> for a grouped convolution with one input channel per group, else the operator.</summary>
    private static string KindOf(OnnxGraph graph, NodeProto node)
    {
        if (node.OpType == "Conv" && node.GetInt("group", 1) > 1 && node.Input.Count > 1
            && graph.FindInitializer(node.Input[1]) is { Dims: { Count: >= 2 } dims } && dims[1] == 1)
        {
            return "DepthwiseConv";
        }

        return node.OpType;
    }

    private static QuantizedNode Describe(OnnxGraph graph, NodeProto node, string kind)
    {
        string Where() => $"node '{node.Name}' ({node.OpType})";
        if (node.OpType == "Add")
        {
            return DescribeAdd(graph, node);
        }

        if (node.Input.Count < 2)
        {
            throw new UnsupportedGraphException($"{Where()} has {node.Input.Count} inputs; it needs an activation and a weight");
        }

        string input = node.Input[0];
        string weight = node.Input[1];
        if (graph.FindInitializer(input) is not null)
        {
            throw new UnsupportedGraphException($"{Where()}: its first input '{input}' is a constant; static quantization needs a computed activation there and constant weights second");
        }

        TensorProto weights = FloatInitializer(graph, node, weight, "weight");
        int axis;
        string? bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : null;
        switch (node.OpType)
        {
            case "Conv":
                axis = 0;
                break;
            case "Gemm":
                if (node.GetInt("transA", 0) != 0 || node.GetFloat("alpha", 1f) != 1f || node.GetFloat("beta", 1f) != 1f)
                {
                    throw new UnsupportedGraphException($"{Where()}: transA, alpha or beta differ from 0, 1, 1; only a plain A x B (+ C) is quantized");
                }

                if (weights.Dims.Count != 2)
                {
                    throw new UnsupportedGraphException($"{Where()}: weight '{weight}' has rank {weights.Dims.Count}, not 2");
                }

                axis = node.GetInt("transB", 0) != 0 ? 0 : 1;
                break;
            case "MatMul":
                if (weights.Dims.Count != 2)
                {
                    throw new UnsupportedGraphException($"{Where()}: weight '{weight}' has rank {weights.Dims.Count}; only a 2-D constant second input is quantized per column");
                }

                axis = 1;
                break;
            default:
                throw new UnsupportedGraphException($"{Where()}: {node.OpType} is not quantized; allowed: {string.Join(", ", QuantizationRecipe.QuantizableOps)}");
        }

        if (bias is not null)
        {
            TensorProto biasTensor = FloatInitializer(graph, node, bias, "bias");
            long channels = weights.Dims[axis];
            if (biasTensor.Dims.Count != 1 || biasTensor.Dims[0] != channels)
            {
                throw new UnsupportedGraphException($"{Where()}: bias '{bias}' has shape [{string.Join(", ", biasTensor.Dims)}]; only a bias of one value per output channel ({channels}) is quantized");
            }
        }

        (string output, string? folded) = OutputOf(graph, node);
        return new QuantizedNode(node, kind, [input], weight, axis, bias, output, folded);
    }

    private static QuantizedNode DescribeAdd(OnnxGraph graph, NodeProto node)
    {
        if (node.Input.Count != 2)
        {
            throw new UnsupportedGraphException($"node '{node.Name}' (Add) has {node.Input.Count} inputs, not 2");
        }

        foreach (string input in node.Input)
        {
            if (graph.FindInitializer(input) is not null)
            {
                throw new UnsupportedGraphException($"node '{node.Name}' (Add): input '{input}' is a constant; only an Add of two computed activations is quantized (keep it float in the recipe)");
            }
        }

        (string output, string? folded) = OutputOf(graph, node);
        return new QuantizedNode(node, "Add", [node.Input[0], node.Input[1]], null, -1, null, output, folded);
    }

    /// <summary>
    /// The tensor that quantizes <paramref name="node"/>'s output: the output of a ReLU, or of a Clip
    /// from 0, that alone reads it (ONNX Runtime then drops the activation into the integer kernel,
    /// since the zero-point-0 UINT8 range already clips at 0), else the node's own output.
    /// </summary>
    private static (string Output, string? Folded) OutputOf(OnnxGraph graph, NodeProto node)
    {
        string output = node.Output[0];
        IReadOnlyList<NodeProto> consumers = graph.FindConsumers(output);
        if (consumers.Count == 1 && graph.FindOutput(output) is null && IsReluLike(graph, consumers[0]))
        {
            return (consumers[0].Output[0], consumers[0].Name);
        }

        return (output, null);
    }

    private static bool IsReluLike(OnnxGraph graph, NodeProto node) => node.OpType switch
    {
        "Relu" => true,
        "Clip" => node.Input.Count > 1 && graph.FindInitializer(node.Input[1]) is { } min
            && OnnxTensors.ElementType(min) == EdgeMer.Platform.TensorElementType.Float && OnnxTensors.ToFloats(min) is [0f],
        _ => false,
    };

    private static TensorProto FloatInitializer(OnnxGraph graph, NodeProto node, string name, string role)
    {
        if (graph.FindInitializer(name) is not { } tensor)
        {
            string producer = graph.FindProducer(name) is { } p ? $"it is computed by {p.OpType} '{p.Name}'" : "it is a graph input";
            throw new UnsupportedGraphException($"node '{node.Name}' ({node.OpType}): {role} '{name}' is not a constant initializer ({producer}); keep the node float in the recipe or fold the weights into constants");
        }

        if (OnnxTensors.ElementType(tensor) != EdgeMer.Platform.TensorElementType.Float)
        {
            throw new UnsupportedGraphException($"node '{node.Name}' ({node.OpType}): {role} '{name}' is {OnnxTensors.ElementType(tensor)}, not float32");
        }

        return tensor;
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }
}
