using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;

namespace EdgeMer.Quantization.Graph;

/// <summary>
/// Rewrites a float model into ONNX's QDQ form, which ONNX Runtime fuses into integer kernels
/// (QLinearConv, QLinearMatMul, ...): every planned activation gets a QuantizeLinear (UINT8,
/// per tensor) followed by a DequantizeLinear that its readers now read; every planned node's
/// weight becomes an INT8 initializer with one symmetric scale per output channel behind a
/// DequantizeLinear, and its bias an INT32 initializer on the input scale times the weight scale.
/// The result is deterministic: the same model, plan and ranges give the same bytes.
/// </summary>
public static class QdqQuantizer
{
    /// <summary>A quantized copy of <paramref name="source"/>; <paramref name="activations"/> maps each of the plan's activations to its parameters.</summary>
    public static OnnxModel Quantize(OnnxModel source, QuantizationPlan plan, IReadOnlyDictionary<string, QuantizationParameters> activations)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(activations);
        OnnxModel model = OnnxModel.FromBytes(source.ToBytes(), source.Graph.Name);
        OnnxGraph graph = model.Graph;
        var weightNodes = new List<NodeProto>();
        var quantizedNodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (QuantizedNode planned in plan.Quantized)
        {
            quantizedNodes.Add(planned.Name);
        }

        foreach (string tensor in plan.Activations)
        {
            if (!activations.TryGetValue(tensor, out QuantizationParameters parameters))
            {
                throw new ArgumentException($"no quantization parameters for activation '{tensor}'", nameof(activations));
            }

            InsertActivationPair(graph, tensor, parameters, quantizedNodes, plan.Activations);
        }

        foreach (QuantizedNode planned in plan.Quantized)
        {
            NodeProto node = graph.FindNode(planned.Name)
                ?? throw new ArgumentException($"the plan names node '{planned.Name}', which model '{graph.Name}' does not have", nameof(plan));
            if (planned.Weight is null)
            {
                continue;
            }

            QuantizationParameters input = activations[planned.Inputs[0]];
            float[] weightScales = QuantizeWeight(graph, node, planned, weightNodes);
            if (planned.Bias is not null)
            {
                QuantizeBias(graph, node, planned.Bias, input.Scale, weightScales, weightNodes);
            }
        }

        // The weights' DequantizeLinear nodes read only initializers: they go first, in plan order.
        for (int i = weightNodes.Count - 1; i >= 0; i--)
        {
            graph.InsertNode(0, weightNodes[i]);
        }

        RemoveUnreadInitializers(graph);
        graph.SortTopologically();
        model.Validate();
        return model;
    }

    private static void InsertActivationPair(OnnxGraph graph, string tensor, QuantizationParameters parameters, HashSet<string> quantizedNodes, IReadOnlyList<string> quantizedActivations)
    {
        string scale = graph.UniqueName(tensor + "_scale");
        graph.AddInitializer(OnnxTensors.FromFloats(scale, [parameters.Scale], []));
        string zeroPoint = graph.UniqueName(tensor + "_zero_point");
        graph.AddInitializer(OnnxTensors.FromUInt8s(zeroPoint, [checked((byte)parameters.ZeroPoint)], []));
        string quantized = graph.UniqueName(tensor + "_quantized");
        NodeProto quantize = graph.CreateNode("QuantizeLinear", [tensor, scale, zeroPoint], [quantized], graph.UniqueName(tensor + "_QuantizeLinear"));
        string dequantized = graph.UniqueName(tensor + "_dequantized");
        NodeProto dequantize = graph.CreateNode("DequantizeLinear", [quantized, scale, zeroPoint], [dequantized], graph.UniqueName(tensor + "_DequantizeLinear"));
        var inserted = new List<NodeProto> { quantize };
        string? perChannel = null;
        bool perTensorRead = false;

        // Every node that read the float tensor reads its quantized-dequantized form; graph outputs keep the float one.
        foreach (NodeProto reader in graph.FindConsumers(tensor))
        {
            for (int i = 0; i < reader.Input.Count; i++)
            {
                if (reader.Input[i] != tensor)
                {
                    continue;
                }

                if (i == 0 && !quantizedNodes.Contains(reader.Name) && FloatWeightChannels(graph, reader) is { } channels)
                {
                    // ONNX Runtime may quantize this float node's weight itself, per tensor, when its input is a
                    // DequantizeLinear of one scale; the same values dequantized per channel keep it float.
                    perChannel ??= InsertPerChannelDequantize(graph, tensor, reader, quantized, parameters, channels, inserted);
                    reader.Input[i] = perChannel;
                }
                else if (i == 0 && FloatWeightBehindSpatialPad(graph, reader, quantizedNodes, quantizedActivations) is { } padded)
                {
                    // Behind a spatial Pad of the per-tensor DequantizeLinear, ONNX Runtime quantizes the float
                    // convolution per tensor all the same; the Pad reads the per-channel one instead.
                    perChannel ??= InsertPerChannelDequantize(graph, tensor, padded.Node, quantized, parameters, padded.Channels, inserted);
                    reader.Input[i] = perChannel;
                }
                else
                {
                    reader.Input[i] = dequantized;
                    perTensorRead = true;
                }
            }
        }

        if (perTensorRead || perChannel is null)
        {
            inserted.Insert(1, dequantize);
        }

        int at = graph.FindProducer(tensor) is { } producer ? graph.IndexOf(producer) + 1 : 0;
        for (int i = 0; i < inserted.Count; i++)
        {
            graph.InsertNode(at + i, inserted[i]);
        }
    }

    /// <summary>
    /// The input channels of a node that stays float but that ONNX Runtime 1.31's
    /// <c>WeightBiasQuantization</c> optimizer may quantize: a Conv, ConvTranspose or Gemm whose weight
    /// is a float initializer. Between a DequantizeLinear with one scale and a QuantizeLinear it
    /// quantizes that weight per tensor (symmetric INT8) and the QDQ fusion runs the node as
    /// QLinearConv; whether a QuantizeLinear ends up next to the node depends on ONNX Runtime's other
    /// fusions (an activation fused into the convolution), so every such node gets the per-channel
    /// input. Null for any other node, which ONNX Runtime leaves float.
    /// </summary>
    internal static long? FloatWeightChannels(OnnxGraph graph, NodeProto node)
    {
        if (node.OpType is not ("Conv" or "ConvTranspose" or "Gemm") || node.Domain is not ("" or "ai.onnx") || node.Input.Count < 2
            || graph.FindInitializer(node.Input[1]) is not { } weight || OnnxTensors.ElementType(weight) != TensorElementType.Float)
        {
            return null;
        }

        return node.OpType switch
        {
            "Conv" when weight.Dims.Count >= 2 => weight.Dims[1] * node.GetInt("group", 1),
            "ConvTranspose" when weight.Dims.Count >= 2 => weight.Dims[0],
            "Gemm" when weight.Dims.Count == 2 && node.GetInt("transA", 0) == 0 => weight.Dims[node.GetInt("transB", 0) != 0 ? 1 : 0],
            _ => throw new UnsupportedGraphException($"node '{node.Name}' ({node.OpType}) stays float, but ONNX Runtime may quantize its weight '{node.Input[1]}' per tensor (its WeightBiasQuantization optimizer, for a node between a DequantizeLinear of one scale and a QuantizeLinear), and its input's channel axis cannot be told from the weight's shape [{string.Join(", ", weight.Dims)}] to prevent that; quantize it or keep its input float"),
        };
    }

    /// <summary>
    /// The float node and its input channels when <paramref name="pad"/> is a Pad of the spatial axes
    /// only (none added on the batch or channel axis) whose output is not itself quantized and is read
    /// by a node <see cref="FloatWeightChannels"/> names, as the stride-2 depthwise convolutions of
    /// converted TensorFlow models read their input; null otherwise.
    /// </summary>
    internal static (NodeProto Node, long Channels)? FloatWeightBehindSpatialPad(OnnxGraph graph, NodeProto pad, HashSet<string> quantizedNodes, IReadOnlyList<string> quantizedActivations)
    {
        if (pad.OpType != "Pad" || pad.Domain is not ("" or "ai.onnx") || pad.Output.Count != 1 || quantizedActivations.Contains(pad.Output[0]))
        {
            return null;
        }

        long[] pads;
        if (pad.Input.Count >= 2 && pad.Input[1].Length > 0)
        {
            // Opset 11 and later: pads is an input; an axes input (opset 18) names the axes itself.
            if ((pad.Input.Count >= 4 && pad.Input[3].Length > 0) || graph.FindInitializer(pad.Input[1]) is not { } padsTensor)
            {
                return null;
            }

            pads = OnnxTensors.ToInt64s(padsTensor);
        }
        else
        {
            pads = pad.GetInts("pads");
        }

        int rank = pads.Length / 2;
        if (rank < 3 || pads.Length != 2 * rank || pads[0] != 0 || pads[1] != 0 || pads[rank] != 0 || pads[rank + 1] != 0)
        {
            return null;
        }

        foreach (NodeProto reader in graph.FindConsumers(pad.Output[0]))
        {
            if (reader.Input[0] == pad.Output[0] && !quantizedNodes.Contains(reader.Name) && FloatWeightChannels(graph, reader) is { } channels)
            {
                return (reader, channels);
            }
        }

        return null;
    }

    /// <summary>
    /// A DequantizeLinear of <paramref name="quantized"/> along axis 1 with the tensor's one scale and zero
    /// point repeated for each of its <paramref name="channels"/>: the same values as the per-tensor one,
    /// but not the single-scale input ONNX Runtime's weight quantization looks for.
    /// </summary>
    private static string InsertPerChannelDequantize(OnnxGraph graph, string tensor, NodeProto reader, string quantized, QuantizationParameters parameters, long channels, List<NodeProto> inserted)
    {
        if (channels < 2)
        {
            throw new UnsupportedGraphException($"node '{reader.Name}' ({reader.OpType}) stays float, but ONNX Runtime may quantize its weight '{reader.Input[1]}' per tensor (its WeightBiasQuantization optimizer, for a node between a DequantizeLinear of one scale and a QuantizeLinear), and its input '{tensor}' has one channel, so a per-channel DequantizeLinear cannot prevent that; quantize the node or do not quantize '{tensor}'");
        }

        int count = checked((int)channels);
        string scale = graph.UniqueName(tensor + "_channel_scale");
        graph.AddInitializer(OnnxTensors.FromFloats(scale, [.. Enumerable.Repeat(parameters.Scale, count)], [count]));
        string zeroPoint = graph.UniqueName(tensor + "_channel_zero_point");
        graph.AddInitializer(OnnxTensors.FromUInt8s(zeroPoint, [.. Enumerable.Repeat(checked((byte)parameters.ZeroPoint), count)], [count]));
        string dequantized = graph.UniqueName(tensor + "_float_dequantized");
        inserted.Add(graph.CreateNode(
            "DequantizeLinear",
            [quantized, scale, zeroPoint],
            [dequantized],
            graph.UniqueName(tensor + "_float_DequantizeLinear"),
            OnnxAttributes.Int("axis", 1)));
        return dequantized;
    }

    private static float[] QuantizeWeight(OnnxGraph graph, NodeProto node, QuantizedNode planned, List<NodeProto> weightNodes)
    {
        TensorProto tensor = graph.FindInitializer(planned.Weight!)!;
        long[] dims = [.. tensor.Dims];
        float[] values = OnnxTensors.ToFloats(tensor);
        float[] scales;
        sbyte[] quantized;
        try
        {
            scales = QuantizationMath.PerChannelWeightScales(values, dims, planned.WeightAxis);
            quantized = QuantizationMath.QuantizeWeights(values, dims, planned.WeightAxis, scales);
        }
        catch (ArgumentException e)
        {
            throw new UnsupportedGraphException($"node '{node.Name}' ({node.OpType}): weight '{planned.Weight}' cannot be quantized: {e.Message}");
        }

        string prefix = node.Name + "_weight";
        string quantizedName = graph.UniqueName(prefix + "_quantized");
        string scaleName = graph.UniqueName(prefix + "_scale");
        string zeroPointName = graph.UniqueName(prefix + "_zero_point");
        graph.AddInitializer(OnnxTensors.FromInt8s(quantizedName, quantized, dims));
        graph.AddInitializer(OnnxTensors.FromFloats(scaleName, scales, [scales.Length]));
        graph.AddInitializer(OnnxTensors.FromInt8s(zeroPointName, new sbyte[scales.Length], [scales.Length]));
        string dequantized = graph.UniqueName(prefix + "_dequantized");
        weightNodes.Add(graph.CreateNode(
            "DequantizeLinear",
            [quantizedName, scaleName, zeroPointName],
            [dequantized],
            graph.UniqueName(prefix + "_DequantizeLinear"),
            OnnxAttributes.Int("axis", planned.WeightAxis)));
        node.Input[1] = dequantized;
        return scales;
    }

    private static void QuantizeBias(OnnxGraph graph, NodeProto node, string bias, float inputScale, float[] weightScales, List<NodeProto> weightNodes)
    {
        float[] values = OnnxTensors.ToFloats(graph.FindInitializer(bias)!);
        int[] quantized = QuantizationMath.QuantizeBias(values, inputScale, weightScales, out float[] scales);
        string prefix = node.Name + "_bias";
        string quantizedName = graph.UniqueName(prefix + "_quantized");
        string scaleName = graph.UniqueName(prefix + "_scale");
        string zeroPointName = graph.UniqueName(prefix + "_zero_point");
        graph.AddInitializer(OnnxTensors.FromInt32s(quantizedName, quantized, [quantized.Length]));
        graph.AddInitializer(OnnxTensors.FromFloats(scaleName, scales, [scales.Length]));
        graph.AddInitializer(OnnxTensors.FromInt32s(zeroPointName, new int[scales.Length], [scales.Length]));
        string dequantized = graph.UniqueName(prefix + "_dequantized");
        weightNodes.Add(graph.CreateNode(
            "DequantizeLinear",
            [quantizedName, scaleName, zeroPointName],
            [dequantized],
            graph.UniqueName(prefix + "_DequantizeLinear"),
            OnnxAttributes.Int("axis", 0)));
        node.Input[2] = dequantized;
    }

    private static void RemoveUnreadInitializers(OnnxGraph graph)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Nodes)
        {
            foreach (string input in node.Input)
            {
                read.Add(input);
            }
        }

        foreach (ValueInfoProto output in graph.Outputs)
        {
            read.Add(output.Name);
        }

        for (int i = graph.Proto.Initializer.Count - 1; i >= 0; i--)
        {
            if (!read.Contains(graph.Proto.Initializer[i].Name))
            {
                graph.Proto.Initializer.RemoveAt(i);
            }
        }
    }
}
