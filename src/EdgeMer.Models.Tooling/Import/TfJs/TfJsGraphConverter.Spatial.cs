using EdgeMer.Platform;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Models.Tooling.Import.TfJs;

internal sealed partial class TfJsGraphConverter
{
    /// <summary>
    /// Conv2D, DepthwiseConv2dNative and their fused forms (BiasAdd, then Relu, Relu6, Prelu,
    /// LeakyRelu or Sigmoid: the activations TensorFlow.js fuses) become one ONNX Conv (channels-first, weights transposed at
    /// import) followed by the activation.
    /// </summary>
    private void ConvertConvolution(TfJsNode node, bool depthwise, bool fused)
    {
        RequireNhwc(node);
        TensorValue x = Input(node, 0);
        TfJsConstant filter = ConstantInput(node, 1, "filter");
        if (filter.Floats is null || filter.Dims.Length != 4)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has a filter of shape [{string.Join(", ", filter.Dims)}]; a 4-D float filter is expected");
        }

        long[] strides = SpatialPair(node, AttrInts(node, "strides"), "strides");
        long[] dilations = SpatialPair(node, AttrInts(node, "dilations", [1, 1, 1, 1]), "dilations");
        var attributes = new List<AttributeProto>
        {
            OnnxAttributes.Ints("strides", strides),
            OnnxAttributes.Ints("dilations", dilations),
            OnnxAttributes.Ints("kernel_shape", filter.Dims[0], filter.Dims[1]),
        };
        attributes.Add(Padding(node, [filter.Dims[0], filter.Dims[1]], strides, dilations));

        string weights;
        if (depthwise)
        {
            weights = DepthwiseWeights(node, filter);
            attributes.Add(OnnxAttributes.Int("group", filter.Dims[2]));
        }
        else
        {
            weights = ConvolutionWeights(node, filter);
        }

        List<string> fusedOps = fused ? AttrStrings(node, "fused_ops") : [];
        var inputs = new List<string> { Nchw(x), weights };
        int nextArgument = 2;
        string? activation = null;
        foreach (string op in fusedOps)
        {
            switch (op)
            {
                case "BiasAdd" when activation is null && inputs.Count == 2:
                    TfJsConstant bias = ConstantInput(node, nextArgument++, "bias");
                    inputs.Add(Initializer(node.Input![nextArgument - 1], bias));
                    break;
                case "Relu" or "Relu6" or "Prelu" or "LeakyRelu" or "Sigmoid" when activation is null:
                    activation = op;
                    break;
                default:
                    throw new TfJsImportException(
                        $"{_source}: node '{node.Name}' ({node.Op}) fuses [{string.Join(", ", fusedOps)}]; supported are BiasAdd followed by at most one of Relu, Relu6, Prelu, LeakyRelu, Sigmoid");
            }
        }

        string convolved = Unique(node.Name + (activation is null ? "/nchw" : "/conv"));
        Graph.AddNode("Conv", inputs.ToArray(), [convolved], Unique(node.Name), attributes.ToArray());
        if (activation is null)
        {
            SetNchw(node, convolved, TensorElementType.Float);
            return;
        }

        string activated = Unique(node.Name + "/nchw");
        switch (activation)
        {
            case "Prelu":
                TfJsConstant alpha = ConstantInput(node, nextArgument, "PReLU alpha");
                EmitActivation("Prelu", convolved, activated, node.Name, ChannelsFirstAlpha(node, alpha));
                break;
            case "LeakyRelu":
                Graph.AddNode("LeakyRelu", [convolved], [activated], Unique(node.Name + "/leaky_relu"),
                    OnnxAttributes.Float("alpha", AttrFloat(node, "leakyrelu_alpha", 0.2f)));
                break;
            default:
                EmitActivation(activation, convolved, activated, node.Name, alphaNchw: null);
                break;
        }

        SetNchw(node, activated, TensorElementType.Float);
    }

    /// <summary>HWIO (TensorFlow) to OIHW (ONNX).</summary>
    private string ConvolutionWeights(TfJsNode node, TfJsConstant filter)
    {
        long h = filter.Dims[0], w = filter.Dims[1], ci = filter.Dims[2], co = filter.Dims[3];
        float[] source = filter.Floats!;
        float[] target = new float[source.Length];
        for (long y = 0; y < h; y++)
        {
            for (long x = 0; x < w; x++)
            {
                for (long i = 0; i < ci; i++)
                {
                    for (long o = 0; o < co; o++)
                    {
                        target[(((o * ci) + i) * h + y) * w + x] = source[(((y * w) + x) * ci + i) * co + o];
                    }
                }
            }
        }

        return AddInitializer(OnnxTensors.FromFloats(node.Input![1] + "/oihw", target, [co, ci, h, w]));
    }

    /// <summary>[H, W, C, M] (TensorFlow depthwise) to [C*M, 1, H, W] with group C (ONNX); output channel c*M+m.</summary>
    private string DepthwiseWeights(TfJsNode node, TfJsConstant filter)
    {
        long h = filter.Dims[0], w = filter.Dims[1], c = filter.Dims[2], m = filter.Dims[3];
        float[] source = filter.Floats!;
        float[] target = new float[source.Length];
        for (long y = 0; y < h; y++)
        {
            for (long x = 0; x < w; x++)
            {
                for (long i = 0; i < c; i++)
                {
                    for (long k = 0; k < m; k++)
                    {
                        target[((((i * m) + k) * h) + y) * w + x] = source[(((y * w) + x) * c + i) * m + k];
                    }
                }
            }
        }

        return AddInitializer(OnnxTensors.FromFloats(node.Input![1] + "/depthwise", target, [c * m, 1, h, w]));
    }

    private void ConvertPool(TfJsNode node, string op)
    {
        RequireNhwc(node);
        TensorValue x = Input(node, 0);
        long[] kernel = SpatialPair(node, AttrInts(node, "ksize"), "ksize");
        long[] strides = SpatialPair(node, AttrInts(node, "strides"), "strides");
        var attributes = new List<AttributeProto>
        {
            OnnxAttributes.Ints("kernel_shape", kernel),
            OnnxAttributes.Ints("strides", strides),
            Padding(node, kernel, strides, dilations: [1, 1]),
        };
        if (op == "AveragePool")
        {
            // TensorFlow averages over the window's valid elements only.
            attributes.Add(OnnxAttributes.Int("count_include_pad", 0));
        }

        string output = Unique(node.Name + "/nchw");
        Graph.AddNode(op, [Nchw(x)], [output], Unique(node.Name), attributes.ToArray());
        SetNchw(node, output, x.Type);
    }

    /// <summary>
    /// SAME (extra padding at the end, as ONNX SAME_UPPER), VALID or EXPLICIT padding. ONNX Runtime
    /// rejects SAME_UPPER on a dilated kernel, so SAME with dilation becomes explicit pads computed from
    /// the dilated kernel: TensorFlow allows dilation only with stride 1, where the total padding is
    /// (kernel - 1) * dilation whatever the input size, the odd pixel at the end.
    /// </summary>
    private AttributeProto Padding(TfJsNode node, long[] kernel, long[] strides, long[] dilations)
    {
        string padding = AttrString(node, "padding");
        switch (padding)
        {
            case "SAME" when dilations[0] == 1 && dilations[1] == 1:
                return OnnxAttributes.String("auto_pad", "SAME_UPPER");
            case "SAME":
                if (strides[0] != 1 || strides[1] != 1)
                {
                    throw new TfJsImportException(
                        $"{_source}: node '{node.Name}' ({node.Op}) has strides [{strides[0]}, {strides[1]}] and dilations [{dilations[0]}, {dilations[1]}]; " +
                        "TensorFlow allows dilation only with stride 1, and a strided, dilated SAME convolution is not supported");
                }

                long height = (kernel[0] - 1) * dilations[0];
                long width = (kernel[1] - 1) * dilations[1];
                return OnnxAttributes.Ints("pads", height / 2, width / 2, height - (height / 2), width - (width / 2));
            case "VALID":
                return OnnxAttributes.Ints("pads", 0, 0, 0, 0);
            case "EXPLICIT":
                long[] explicitPads = AttrInts(node, "explicit_paddings");
                if (explicitPads.Length != 8 || explicitPads[0] != 0 || explicitPads[1] != 0 || explicitPads[6] != 0 || explicitPads[7] != 0)
                {
                    throw new TfJsImportException(
                        $"{_source}: node '{node.Name}' ({node.Op}) has explicit_paddings [{string.Join(", ", explicitPads)}]; expected 8 values padding only height and width");
                }

                return OnnxAttributes.Ints("pads", explicitPads[2], explicitPads[4], explicitPads[3], explicitPads[5]);
            default:
                throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has padding '{padding}'; supported are SAME, VALID and EXPLICIT");
        }
    }

    private void RequireNhwc(TfJsNode node)
    {
        string format = AttrString(node, "data_format", "NHWC");
        if (format != "NHWC")
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has data_format '{format}'; only NHWC is supported");
        }
    }

    /// <summary>The height and width entries of an NHWC attribute such as strides [1, h, w, 1].</summary>
    private long[] SpatialPair(TfJsNode node, long[] values, string key)
    {
        if (values.Length != 4 || values[0] != 1 || values[3] != 1)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has {key} [{string.Join(", ", values)}]; expected [1, height, width, 1]");
        }

        return [values[1], values[2]];
    }
}
