using EdgeMer.Models.Catalog;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Recipes;

namespace EdgeMer.Quantization.Dynamic;

/// <summary>
/// Dynamic quantization: weights become INT8 once (symmetric, one scale per output channel, zero
/// point 0), activations are quantized at run time by ONNX's DynamicQuantizeLinear (UINT8, one
/// scale and zero point per call, from that call's own range), so nothing is calibrated. Each
/// planned node is rewritten in place, in the main graph and in the subgraphs of If, Loop and Scan:
/// <list type="bullet">
/// <item>Conv: <c>DynamicQuantizeLinear(x)</c> → <c>ConvInteger</c> (INT32) → <c>Cast</c> to float →
/// <c>Mul</c> by the input scale times each output channel's weight scale → <c>Add</c> the bias;</item>
/// <item>MatMul and Gemm: the same with <c>MatMulInteger</c> on a weight of [K, N] (Gemm's transB
/// applied to the stored weight, alpha folded into the weight scales, beta into the bias);</item>
/// <item>LSTM: ONNX Runtime's <c>com.microsoft.DynamicQuantizeLSTM</c>, its W and R INT8 with one
/// scale per gate row, stored as [input, 4 x hidden] as that operator reads them; W, R and B may be
/// computed from constants by Slice, Concat and Unsqueeze (PyTorch's export reorders the gates so),
/// which are folded.</item>
/// </list>
/// A weight must be constant: an initializer or a Constant node's value, in the node's graph or one
/// enclosing it. The result is deterministic: the same model and plan give the same bytes.
/// </summary>
public static class DynamicQuantizer
{
    /// <summary>The operators dynamic quantization rewrites.</summary>
    public static IReadOnlyList<string> QuantizableOps { get; } = ["Conv", "Gemm", "MatMul", "LSTM"];

    /// <summary>Which nodes of <paramref name="model"/> (in any of its graphs) the recipe quantizes and which it keeps float; checks every node it is asked to quantize.</summary>
    public static DynamicPlan Plan(OnnxModel model, QuantizationRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recipe);
        foreach (string op in recipe.Ops)
        {
            if (!QuantizableOps.Contains(op))
            {
                throw new QuantizationRecipeException($"{recipe.Source}: ops lists '{op}', which dynamic quantization does not rewrite; allowed with \"mode\": \"dynamic\": {string.Join(", ", QuantizableOps)}");
            }
        }

        long opset = model.FindOpsetImport(OnnxModel.DefaultDomain) ?? 0;
        if (opset < 11)
        {
            throw new UnsupportedGraphException($"model '{model.Graph.Name}' imports ai.onnx opset {opset}; DynamicQuantizeLinear needs opset 11 or later");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var quantized = new List<QuantizedNode>();
        var keptFloat = new List<FloatNode>();
        Walk(model.Graph.Proto, new Dictionary<string, TensorProto>(StringComparer.Ordinal), (graph, node, constants) =>
        {
            names.Add(node.Name);
            if (node.Domain is not ("" or "ai.onnx") || !recipe.Ops.Contains(node.OpType))
            {
                return;
            }

            string kind = node.OpType == "Conv" && node.GetInt("group", 1) > 1 ? "DepthwiseConv" : node.OpType;
            if (FindRule(recipe, node, kind) is { } rule)
            {
                keptFloat.Add(new FloatNode(node.Name, kind, rule.Reason));
                return;
            }

            quantized.Add(node.OpType == "LSTM" ? DescribeLstm(graph, node, constants) : Describe(node, kind, constants));
        });

        for (int i = 0; i < recipe.KeepFloat.Count; i++)
        {
            if (recipe.KeepFloat[i].Node is { } name && !names.Contains(name))
            {
                throw new QuantizationRecipeException($"{recipe.Source}: keepFloat[{i}].node '{name}' is not a node of model '{model.Graph.Name}' or of its subgraphs");
            }
        }

        return new DynamicPlan(quantized, keptFloat);
    }

    /// <summary>A copy of <paramref name="source"/> with every node of <paramref name="plan"/> rewritten into integer kernels; checked by EdgeMer's validator.</summary>
    public static OnnxModel Quantize(OnnxModel source, DynamicPlan plan)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        OnnxModel model = OnnxModel.FromBytes(source.ToBytes(), source.Graph.Name);
        var planned = new Dictionary<string, QuantizedNode>(StringComparer.Ordinal);
        foreach (QuantizedNode node in plan.Quantized)
        {
            planned[node.Name] = node;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        CollectNames(model.Graph.Proto, used);
        int rewritten = 0;
        bool lstm = false;
        var shared = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        Walk(model.Graph.Proto, new Dictionary<string, TensorProto>(StringComparer.Ordinal), (graph, node, constants) =>
        {
            if (planned.TryGetValue(node.Name, out QuantizedNode? description) && node.OpType == description.Node.OpType)
            {
                if (node.OpType == "LSTM")
                {
                    RewriteLstm(model.Graph.Proto, graph, node, constants, used, shared);
                    lstm = true;
                }
                else
                {
                    Rewrite(graph, node, description, constants, used);
                }

                rewritten++;
            }
        });

        if (lstm)
        {
            model.SetOpsetImport(MicrosoftDomain, 1);
        }

        if (rewritten != planned.Count)
        {
            throw new ArgumentException($"the plan names {planned.Count} nodes, but model '{model.Graph.Name}' has {rewritten} of them", nameof(plan));
        }

        RemoveUnread(model.Graph.Proto);
        model.Validate();
        return model;
    }

    /// <summary>Visits every node of <paramref name="graph"/> and of its subgraphs, with the constants (initializers and Constant nodes) visible to it.</summary>
    private static void Walk(GraphProto graph, Dictionary<string, TensorProto> outer, Action<GraphProto, NodeProto, IReadOnlyDictionary<string, TensorProto>> visit)
    {
        var constants = new Dictionary<string, TensorProto>(outer, StringComparer.Ordinal);
        foreach (TensorProto tensor in graph.Initializer)
        {
            constants[tensor.Name] = tensor;
        }

        foreach (NodeProto node in graph.Node)
        {
            if (node.OpType == "Constant" && node.Domain is "" or "ai.onnx" && node.Output.Count == 1 && node.FindAttribute("value") is { T: { } value })
            {
                constants[node.Output[0]] = value;
            }
        }

        // Snapshot: rewriting replaces nodes in the list being walked.
        foreach (NodeProto node in graph.Node.ToArray())
        {
            visit(graph, node, constants);
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G is { } subgraph)
                {
                    Walk(subgraph, constants, visit);
                }

                foreach (GraphProto each in attribute.Graphs)
                {
                    Walk(each, constants, visit);
                }
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

    private static QuantizedNode Describe(NodeProto node, string kind, IReadOnlyDictionary<string, TensorProto> constants)
    {
        string where = $"node '{node.Name}' ({node.OpType})";
        if (node.Input.Count < 2 || node.Input[0].Length == 0)
        {
            throw new UnsupportedGraphException($"{where} has no activation and weight inputs");
        }

        TensorProto weight = Constant(node, 1, "weight", constants);
        int rank = weight.Dims.Count;
        string? bias = null;
        switch (node.OpType)
        {
            case "Conv":
                if (rank < 3)
                {
                    throw new UnsupportedGraphException($"{where}: weight '{node.Input[1]}' has rank {rank}; a convolution's weight has rank 3 or more");
                }

                if (node.Input.Count > 2 && node.Input[2].Length > 0)
                {
                    Constant(node, 2, "bias", constants);
                    bias = node.Input[2];
                }

                return new QuantizedNode(node, kind, [node.Input[0]], node.Input[1], 0, bias, node.Output[0], FoldedActivation: null);
            case "MatMul":
                if (rank != 2)
                {
                    throw new UnsupportedGraphException($"{where}: weight '{node.Input[1]}' has rank {rank}; MatMulInteger is built for a 2-D weight [K, N]");
                }

                return new QuantizedNode(node, kind, [node.Input[0]], node.Input[1], 1, null, node.Output[0], FoldedActivation: null);
            case "Gemm":
                if (node.GetInt("transA", 0) != 0)
                {
                    throw new UnsupportedGraphException($"{where} has transA=1; only the weight (B) side can be transposed when it is quantized");
                }

                if (rank != 2)
                {
                    throw new UnsupportedGraphException($"{where}: weight '{node.Input[1]}' has rank {rank}; Gemm's B is 2-D");
                }

                if (node.Input.Count > 2 && node.Input[2].Length > 0)
                {
                    Constant(node, 2, "bias (C)", constants);
                    bias = node.Input[2];
                }

                return new QuantizedNode(node, kind, [node.Input[0]], node.Input[1], node.GetInt("transB", 0) != 0 ? 0 : 1, bias, node.Output[0], FoldedActivation: null);
            default:
                throw new UnsupportedGraphException($"{where}: dynamic quantization rewrites {string.Join(", ", QuantizableOps)} only");
        }
    }

    private const string MicrosoftDomain = "com.microsoft";

    private static QuantizedNode DescribeLstm(GraphProto graph, NodeProto node, IReadOnlyDictionary<string, TensorProto> constants)
    {
        string where = $"node '{node.Name}' (LSTM)";
        if (node.GetInt("layout", 0) != 0)
        {
            throw new UnsupportedGraphException($"{where} has layout=1; DynamicQuantizeLSTM reads [sequence, batch, input] only");
        }

        if (node.Input.Count < 3)
        {
            throw new UnsupportedGraphException($"{where} has no W and R inputs");
        }

        ConstantFolding.Floats(graph, node.Input[1], constants, node, "W");
        ConstantFolding.Floats(graph, node.Input[2], constants, node, "R");
        string? bias = node.Input.Count > 3 && node.Input[3].Length > 0 ? node.Input[3] : null;
        if (bias is not null)
        {
            ConstantFolding.Floats(graph, bias, constants, node, "B");
        }

        return new QuantizedNode(node, "LSTM", [node.Input[0]], node.Input[1], 1, bias, node.Output.Count > 0 ? node.Output[0] : string.Empty, FoldedActivation: null);
    }

    /// <param name="shared">
    /// The quantized weights already stored, by the sha256 of their values: exported recurrent models
    /// run the same weights from more than one branch (Silero VAD: with and without a given state), so
    /// each distinct quantized weight is stored once, in the main graph, which every branch can read.
    /// </param>
    private static void RewriteLstm(GraphProto main, GraphProto graph, NodeProto node, IReadOnlyDictionary<string, TensorProto> constants, HashSet<string> used, Dictionary<string, (string, string, string)> shared)
    {
        string Name(string suffix)
        {
            string prefix = node.Name + suffix;
            string name = prefix;
            for (int i = 1; !used.Add(name); i++)
            {
                name = $"{prefix}_{i}";
            }

            return name;
        }

        (string Values, string Scale, string ZeroPoint) Quantized(string input, string role)
        {
            (float[] values, long[] dims) = ConstantFolding.Floats(graph, input, constants, node, role);
            if (dims.Length != 3)
            {
                throw new UnsupportedGraphException($"node '{node.Name}' (LSTM): {role} has rank {dims.Length}, not 3");
            }

            int directions = (int)dims[0], rows = (int)dims[1], columns = (int)dims[2];
            var stored = new sbyte[values.Length];
            var scales = new float[directions * rows];
            for (int d = 0; d < directions; d++)
            {
                // ONNX keeps [4 x hidden, input] per direction; DynamicQuantizeLSTM reads [input, 4 x hidden].
                float[] transposed = new float[rows * columns];
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        transposed[(c * rows) + r] = values[(d * rows * columns) + (r * columns) + c];
                    }
                }

                float[] direction;
                sbyte[] quantized;
                try
                {
                    direction = QuantizationMath.PerChannelWeightScales(transposed, [columns, rows], 1);
                    quantized = QuantizationMath.QuantizeWeights(transposed, [columns, rows], 1, direction);
                }
                catch (ArgumentException e)
                {
                    throw new UnsupportedGraphException($"node '{node.Name}' (LSTM): {role} cannot be quantized: {e.Message}");
                }

                quantized.CopyTo(stored, d * rows * columns);
                direction.CopyTo(scales, d * rows);
            }

            string key = ModelStore.Sha256Hex([.. System.Runtime.InteropServices.MemoryMarshal.AsBytes(stored.AsSpan()), .. System.Runtime.InteropServices.MemoryMarshal.AsBytes(scales.AsSpan())]) + $"{directions}x{columns}x{rows}";
            if (shared.TryGetValue(key, out (string, string, string) stored8))
            {
                return stored8;
            }

            string valuesName = Name($"_{role}_quantized");
            string scaleName = Name($"_{role}_scale");
            string zeroPointName = Name($"_{role}_zero_point");
            main.Initializer.Add(OnnxTensors.FromInt8s(valuesName, stored, [directions, columns, rows]));
            main.Initializer.Add(OnnxTensors.FromFloats(scaleName, scales, [directions, rows]));
            main.Initializer.Add(OnnxTensors.FromInt8s(zeroPointName, new sbyte[scales.Length], [directions, rows]));
            shared[key] = (valuesName, scaleName, zeroPointName);
            return shared[key];
        }

        (string w, string wScale, string wZeroPoint) = Quantized(node.Input[1], "W");
        (string r, string rScale, string rZeroPoint) = Quantized(node.Input[2], "R");
        string bias = string.Empty;
        if (node.Input.Count > 3 && node.Input[3].Length > 0)
        {
            (float[] values, long[] dims) = ConstantFolding.Floats(graph, node.Input[3], constants, node, "B");
            bias = Name("_B");
            graph.Initializer.Add(OnnxTensors.FromFloats(bias, values, dims));
        }

        string Optional(int index) => node.Input.Count > index ? node.Input[index] : string.Empty;
        NodeProto quantizedLstm = Node("DynamicQuantizeLSTM", [node.Input[0], w, r, bias, Optional(4), Optional(5), Optional(6), Optional(7), wScale, wZeroPoint, rScale, rZeroPoint], [.. node.Output], node.Name);
        quantizedLstm.Domain = MicrosoftDomain;
        foreach (AttributeProto attribute in node.Attribute)
        {
            if (attribute.Name != "layout")
            {
                quantizedLstm.Attribute.Add(attribute.Clone());
            }
        }

        graph.Node[graph.Node.IndexOf(node)] = quantizedLstm;
    }

    private static TensorProto Constant(NodeProto node, int input, string role, IReadOnlyDictionary<string, TensorProto> constants)
    {
        string name = node.Input[input];
        if (!constants.TryGetValue(name, out TensorProto? tensor))
        {
            throw new UnsupportedGraphException($"node '{node.Name}' ({node.OpType}): {role} '{name}' is computed in the graph, not a constant (initializer or Constant node), so it cannot be quantized ahead of time");
        }

        if (OnnxTensors.ElementType(tensor) != TensorElementType.Float)
        {
            throw new UnsupportedGraphException($"node '{node.Name}' ({node.OpType}): {role} '{name}' is {OnnxTensors.ElementType(tensor)}, not float32");
        }

        return tensor;
    }

    private static void Rewrite(GraphProto graph, NodeProto node, QuantizedNode planned, IReadOnlyDictionary<string, TensorProto> constants, HashSet<string> used)
    {
        string Name(string suffix)
        {
            string prefix = node.Name + suffix;
            string name = prefix;
            for (int i = 1; !used.Add(name); i++)
            {
                name = $"{prefix}_{i}";
            }

            return name;
        }

        TensorProto weightTensor = constants[planned.Weight!];
        long[] dims = [.. weightTensor.Dims];
        float[] values = OnnxTensors.ToFloats(weightTensor);
        bool conv = node.OpType == "Conv";
        if (node.OpType == "Gemm" && planned.WeightAxis == 0)
        {
            // transB: the stored weight is [N, K]; MatMulInteger reads [K, N].
            values = Transpose(values, (int)dims[0], (int)dims[1]);
            dims = [dims[1], dims[0]];
        }

        int axis = conv ? 0 : 1;
        float[] scales;
        sbyte[] quantized;
        try
        {
            scales = QuantizationMath.PerChannelWeightScales(values, dims, axis);
            quantized = QuantizationMath.QuantizeWeights(values, dims, axis, scales);
        }
        catch (ArgumentException e)
        {
            throw new UnsupportedGraphException($"node '{node.Name}' ({node.OpType}): weight '{planned.Weight}' cannot be quantized: {e.Message}");
        }

        float alpha = node.OpType == "Gemm" ? node.GetFloat("alpha", 1f) : 1f;
        var outputScales = new float[scales.Length];
        for (int c = 0; c < scales.Length; c++)
        {
            outputScales[c] = scales[c] * alpha;
        }

        string weight = Name("_weight_quantized");
        string weightZeroPoint = Name("_weight_zero_point");
        string weightScale = Name("_weight_scale");
        graph.Initializer.Add(OnnxTensors.FromInt8s(weight, quantized, dims));
        graph.Initializer.Add(OnnxTensors.FromInt8s(weightZeroPoint, [0], []));

        // The output's per-channel scale broadcasts over [N, M, spatial...] for a convolution, over [..., N] for a matrix product.
        long[] scaleDims = conv ? [outputScales.Length, .. Enumerable.Repeat(1L, dims.Length - 2)] : [outputScales.Length];
        graph.Initializer.Add(OnnxTensors.FromFloats(weightScale, outputScales, scaleDims));

        string input = planned.Inputs[0];
        string inputQuantized = Name("_input_quantized");
        string inputScale = Name("_input_scale");
        string inputZeroPoint = Name("_input_zero_point");
        string integer = Name("_output_int32");
        string floats = Name("_output_float");
        string scale = Name("_output_scale");
        string output = node.Output[0];
        string scaled = planned.Bias is null ? output : Name("_output_scaled");
        var nodes = new List<NodeProto>
        {
            Node("DynamicQuantizeLinear", [input], [inputQuantized, inputScale, inputZeroPoint], Name("_DynamicQuantizeLinear")),
        };

        if (conv)
        {
            NodeProto convInteger = Node("ConvInteger", [inputQuantized, weight, inputZeroPoint, weightZeroPoint], [integer], Name("_ConvInteger"));
            foreach (AttributeProto attribute in node.Attribute)
            {
                convInteger.Attribute.Add(attribute.Clone());
            }

            nodes.Add(convInteger);
        }
        else
        {
            nodes.Add(Node("MatMulInteger", [inputQuantized, weight, inputZeroPoint, weightZeroPoint], [integer], Name("_MatMulInteger")));
        }

        NodeProto cast = Node("Cast", [integer], [floats], Name("_Cast"));
        cast.Attribute.Add(OnnxAttributes.Int("to", (long)TensorElementType.Float));
        nodes.Add(cast);
        nodes.Add(Node("Mul", [inputScale, weightScale], [scale], Name("_scale")));
        nodes.Add(Node("Mul", [floats, scale], [scaled], Name("_rescale")));
        if (planned.Bias is not null)
        {
            float[] bias = OnnxTensors.ToFloats(constants[planned.Bias]);
            long[] biasDims = [.. constants[planned.Bias].Dims];
            if (conv)
            {
                biasDims = [bias.Length, .. Enumerable.Repeat(1L, dims.Length - 2)];
            }
            else
            {
                float beta = node.GetFloat("beta", 1f);
                for (int i = 0; i < bias.Length; i++)
                {
                    bias[i] *= beta;
                }
            }

            string biasName = Name("_bias");
            graph.Initializer.Add(OnnxTensors.FromFloats(biasName, bias, biasDims));
            nodes.Add(Node("Add", [scaled, biasName], [output], Name("_bias_add")));
        }

        int at = graph.Node.IndexOf(node);
        graph.Node.RemoveAt(at);
        for (int i = 0; i < nodes.Count; i++)
        {
            graph.Node.Insert(at + i, nodes[i]);
        }
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, string name)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }

    private static void CollectNames(GraphProto graph, HashSet<string> names)
    {
        foreach (TensorProto tensor in graph.Initializer)
        {
            names.Add(tensor.Name);
        }

        foreach (ValueInfoProto value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo))
        {
            names.Add(value.Name);
        }

        foreach (NodeProto node in graph.Node)
        {
            names.Add(node.Name);
            foreach (string value in node.Input.Concat(node.Output))
            {
                names.Add(value);
            }

            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G is { } subgraph)
                {
                    CollectNames(subgraph, names);
                }

                foreach (GraphProto each in attribute.Graphs)
                {
                    CollectNames(each, names);
                }
            }
        }
    }

    /// <summary>Drops the float weights no node reads any more (initializers and Constant nodes, in every graph).</summary>
    private static void RemoveUnread(GraphProto main)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        void Collect(GraphProto graph)
        {
            foreach (ValueInfoProto output in graph.Output)
            {
                read.Add(output.Name);
            }

            foreach (NodeProto node in graph.Node)
            {
                foreach (string input in node.Input)
                {
                    read.Add(input);
                }

                foreach (AttributeProto attribute in node.Attribute)
                {
                    if (attribute.G is { } subgraph)
                    {
                        Collect(subgraph);
                    }

                    foreach (GraphProto each in attribute.Graphs)
                    {
                        Collect(each);
                    }
                }
            }
        }

        void Remove(GraphProto graph)
        {
            for (int i = graph.Initializer.Count - 1; i >= 0; i--)
            {
                if (!read.Contains(graph.Initializer[i].Name))
                {
                    graph.Initializer.RemoveAt(i);
                }
            }

            for (int i = graph.Node.Count - 1; i >= 0; i--)
            {
                NodeProto node = graph.Node[i];
                if (node.OpType == "Constant" && node.Output.Count == 1 && !read.Contains(node.Output[0]))
                {
                    graph.Node.RemoveAt(i);
                    continue;
                }

                foreach (AttributeProto attribute in node.Attribute)
                {
                    if (attribute.G is { } subgraph)
                    {
                        Remove(subgraph);
                    }

                    foreach (GraphProto each in attribute.Graphs)
                    {
                        Remove(each);
                    }
                }
            }
        }

        // Nodes nothing reads any more (the Slice/Concat/Unsqueeze that computed a folded weight) go too, until none is left.
        bool RemoveDead(GraphProto graph)
        {
            bool removed = false;
            for (int i = graph.Node.Count - 1; i >= 0; i--)
            {
                NodeProto node = graph.Node[i];
                if (node.Output.Count > 0 && node.Output.All(output => output.Length == 0 || !read.Contains(output)))
                {
                    graph.Node.RemoveAt(i);
                    removed = true;
                    continue;
                }

                foreach (AttributeProto attribute in node.Attribute)
                {
                    if (attribute.G is { } subgraph)
                    {
                        removed |= RemoveDead(subgraph);
                    }

                    foreach (GraphProto each in attribute.Graphs)
                    {
                        removed |= RemoveDead(each);
                    }
                }
            }

            return removed;
        }

        do
        {
            read.Clear();
            Collect(main);
        }
        while (RemoveDead(main));

        Remove(main);
    }
}
