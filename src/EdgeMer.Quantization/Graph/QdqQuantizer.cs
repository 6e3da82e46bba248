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
        foreach (string tensor in plan.Activations)
        {
            if (!activations.TryGetValue(tensor, out QuantizationParameters parameters))
            {
                throw new ArgumentException($"no quantization parameters for activation '{tensor}'", nameof(activations));
            }

            InsertActivationPair(graph, tensor, parameters);
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

    private static void InsertActivationPair(OnnxGraph graph, string tensor, QuantizationParameters parameters)
    {
        string scale = graph.UniqueName(tensor + "_scale");
        graph.AddInitializer(OnnxTensors.FromFloats(scale, [parameters.Scale], []));
        string zeroPoint = graph.UniqueName(tensor + "_zero_point");
        graph.AddInitializer(OnnxTensors.FromUInt8s(zeroPoint, [checked((byte)parameters.ZeroPoint)], []));
        string quantized = graph.UniqueName(tensor + "_quantized");
        NodeProto quantize = graph.CreateNode("QuantizeLinear", [tensor, scale, zeroPoint], [quantized], graph.UniqueName(tensor + "_QuantizeLinear"));
        string dequantized = graph.UniqueName(tensor + "_dequantized");
        NodeProto dequantize = graph.CreateNode("DequantizeLinear", [quantized, scale, zeroPoint], [dequantized], graph.UniqueName(tensor + "_DequantizeLinear"));

        // Every node that read the float tensor reads its quantized-dequantized form; graph outputs keep the float one.
        foreach (NodeProto reader in graph.FindConsumers(tensor))
        {
            for (int i = 0; i < reader.Input.Count; i++)
            {
                if (reader.Input[i] == tensor)
                {
                    reader.Input[i] = dequantized;
                }
            }
        }

        int at = graph.FindProducer(tensor) is { } producer ? graph.IndexOf(producer) + 1 : 0;
        graph.InsertNode(at, quantize);
        graph.InsertNode(at + 1, dequantize);
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
