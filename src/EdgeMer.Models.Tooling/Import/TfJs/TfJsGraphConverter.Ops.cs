using EdgeMer.Platform;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Tooling.Import.TfJs;

internal sealed partial class TfJsGraphConverter
{
    private static readonly Dictionary<string, Action<TfJsGraphConverter, TfJsNode>> s_converters = WithDecodingOps(new(StringComparer.Ordinal)
    {
        ["Placeholder"] = static (c, n) => c.ConvertPlaceholder(n),
        ["Const"] = static (c, n) => c.ConvertConst(n),
        ["Identity"] = static (c, n) => c.ConvertIdentity(n),
        ["Conv2D"] = static (c, n) => c.ConvertConvolution(n, depthwise: false, fused: false),
        ["_FusedConv2D"] = static (c, n) => c.ConvertConvolution(n, depthwise: false, fused: true),
        ["DepthwiseConv2dNative"] = static (c, n) => c.ConvertConvolution(n, depthwise: true, fused: false),
        ["FusedDepthwiseConv2dNative"] = static (c, n) => c.ConvertConvolution(n, depthwise: true, fused: true),
        ["MaxPool"] = static (c, n) => c.ConvertPool(n, "MaxPool"),
        ["AvgPool"] = static (c, n) => c.ConvertPool(n, "AveragePool"),
        ["Add"] = static (c, n) => c.ConvertBinary(n, "Add"),
        ["AddV2"] = static (c, n) => c.ConvertBinary(n, "Add"),
        ["Sub"] = static (c, n) => c.ConvertBinary(n, "Sub"),
        ["Mul"] = static (c, n) => c.ConvertBinary(n, "Mul"),
        ["RealDiv"] = static (c, n) => c.ConvertBinary(n, "Div"),
        ["Maximum"] = static (c, n) => c.ConvertBinary(n, "Max"),
        ["Minimum"] = static (c, n) => c.ConvertBinary(n, "Min"),
        ["FloorDiv"] = static (c, n) => c.ConvertFloorDiv(n),
        ["SquaredDifference"] = static (c, n) => c.ConvertSquaredDifference(n),
        ["Relu"] = static (c, n) => c.ConvertUnary(n, "Relu"),
        ["Relu6"] = static (c, n) => c.ConvertUnary(n, "Relu6"),
        ["Sigmoid"] = static (c, n) => c.ConvertUnary(n, "Sigmoid"),
        ["Tanh"] = static (c, n) => c.ConvertUnary(n, "Tanh"),
        ["Sqrt"] = static (c, n) => c.ConvertUnary(n, "Sqrt"),
        ["Prelu"] = static (c, n) => c.ConvertPrelu(n),
        ["Softmax"] = static (c, n) => c.ConvertSoftmax(n),
        ["Mean"] = static (c, n) => c.ConvertReduce(n, "ReduceMean"),
        ["Max"] = static (c, n) => c.ConvertReduce(n, "ReduceMax"),
        ["Sum"] = static (c, n) => c.ConvertReduce(n, "ReduceSum"),
        ["Pad"] = static (c, n) => c.ConvertPad(n),
        ["Reshape"] = static (c, n) => c.ConvertReshape(n),
        ["ConcatV2"] = static (c, n) => c.ConvertConcat(n),
        ["Pack"] = static (c, n) => c.ConvertPack(n),
        ["Unpack"] = static (c, n) => c.ConvertUnpack(n),
        ["ExpandDims"] = static (c, n) => c.ConvertExpandDims(n),
        ["Squeeze"] = static (c, n) => c.ConvertSqueeze(n),
        ["Cast"] = static (c, n) => c.ConvertCast(n),
        ["ArgMax"] = static (c, n) => c.ConvertArgMax(n),
        ["GatherNd"] = static (c, n) => c.ConvertGatherNd(n),
        ["ResizeBilinear"] = static (c, n) => c.ConvertResizeBilinear(n),
    });

    public static IReadOnlyCollection<string> SupportedOps => s_converters.Keys;

    private void ConvertPlaceholder(TfJsNode node)
    {
        TensorElementType type = AttrType(node, "dtype");
        string name = _options.InputNames.TryGetValue(node.Name, out string? given) ? given : SignatureInputName(node.Name);
        if (node.Attr?.TryGetValue("shape", out TfJsAttr? attr) == true && attr.Shape is { Dim: { } dims } && attr.Shape.UnknownRank != true)
        {
            Graph.AddInput(name, type, Dims(dims));
        }
        else
        {
            Graph.AddInput(name, type);
        }

        SetNhwc(node, name, type);
    }

    private string SignatureInputName(string placeholder)
    {
        if (_signature?.Inputs is { } inputs)
        {
            foreach (KeyValuePair<string, TfJsTensorInfo> input in inputs)
            {
                if (input.Value.Name is { } tensor && NodeName(Normalize(tensor)) == placeholder && !input.Key.Contains(':', StringComparison.Ordinal))
                {
                    return Sanitize(input.Key);
                }
            }
        }

        return Sanitize(placeholder);
    }

    private void ConvertConst(TfJsNode node)
    {
        if (!_weights.TryGetValue(node.Name, out TfJsConstant? constant))
        {
            throw new TfJsImportException($"{_source}: constant '{node.Name}' has no entry in the weights manifest");
        }

        _values[OutputKey(node.Name, 0)] = new TensorValue { Type = constant.Type, Constant = constant, TfName = node.Name };
    }

    private void ConvertIdentity(TfJsNode node) => _values[OutputKey(node.Name, 0)] = Input(node, 0);

    // ---- element-wise ----

    /// <summary>
    /// A binary op runs channels-first when its tensor operands are available that way and any
    /// constant operand is a single value (broadcasts the same in either layout); otherwise in TensorFlow's layout.
    /// </summary>
    private void ConvertBinary(TfJsNode node, string op)
    {
        TensorValue a = Input(node, 0);
        TensorValue b = Input(node, 1);
        bool channelsFirst = CanRunChannelsFirst(a, b);
        string left = channelsFirst ? OperandNchw(a) : Nhwc(a);
        string right = channelsFirst ? OperandNchw(b) : Nhwc(b);
        string output = Unique(channelsFirst ? node.Name + "/nchw" : node.Name);
        Graph.AddNode(op, [left, right], [output], Unique(node.Name));
        Set(node, output, a.Type, channelsFirst);
    }

    private static bool CanRunChannelsFirst(TensorValue a, TensorValue b)
    {
        bool anyNchw = a.Nchw is not null || b.Nchw is not null;
        return anyNchw && IsChannelsFirstOperand(a) && IsChannelsFirstOperand(b);
    }

    private static bool IsChannelsFirstOperand(TensorValue value) =>
        value.Nchw is not null || (value.Constant is { } constant && ElementCount(constant) == 1);

    private string OperandNchw(TensorValue value) => value.Nchw ?? Nhwc(value);

    private void Set(TfJsNode node, string output, TensorElementType type, bool channelsFirst)
    {
        if (channelsFirst)
        {
            SetNchw(node, output, type);
        }
        else
        {
            SetNhwc(node, output, type);
        }
    }

    private void ConvertUnary(TfJsNode node, string op)
    {
        TensorValue x = Input(node, 0);
        bool channelsFirst = x.Nchw is not null;
        string input = channelsFirst ? x.Nchw! : Nhwc(x);
        string output = Unique(channelsFirst ? node.Name + "/nchw" : node.Name);
        EmitActivation(op, input, output, node.Name, alphaNchw: null);
        Set(node, output, x.Type, channelsFirst);
    }

    /// <summary>Emits Relu, Relu6 (Clip 0..6), Sigmoid, Tanh, Sqrt or PRelu from <paramref name="input"/> to <paramref name="output"/>.</summary>
    private void EmitActivation(string op, string input, string output, string tfName, string? alphaNchw)
    {
        switch (op)
        {
            case "Relu6":
                string min = AddInitializer(OnnxTensors.FromFloats(tfName + "/relu6_min", [0f], []));
                string max = AddInitializer(OnnxTensors.FromFloats(tfName + "/relu6_max", [6f], []));
                Graph.AddNode("Clip", [input, min, max], [output], Unique(tfName + "/relu6"));
                break;
            case "Prelu":
                Graph.AddNode("PRelu", [input, alphaNchw!], [output], Unique(tfName + "/prelu"));
                break;
            default:
                Graph.AddNode(op, [input], [output], Unique(tfName));
                break;
        }
    }

    /// <summary>TensorFlow's Prelu: alpha broadcasts over the channel (last) axis.</summary>
    private void ConvertPrelu(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        TfJsConstant alpha = ConstantInput(node, 1, "alpha");
        if (x.Nchw is not null)
        {
            string output = Unique(node.Name + "/nchw");
            EmitActivation("Prelu", x.Nchw, output, node.Name, ChannelsFirstAlpha(node, alpha));
            SetNchw(node, output, x.Type);
        }
        else
        {
            string output = Unique(node.Name);
            Graph.AddNode("PRelu", [Nhwc(x), Initializer(node.Input![1], alpha)], [output], Unique(node.Name));
            SetNhwc(node, output, x.Type);
        }
    }

    /// <summary>A per-channel alpha ([C] or [1, 1, C]) as [C, 1, 1], which broadcasts over NCHW.</summary>
    private string ChannelsFirstAlpha(TfJsNode node, TfJsConstant alpha)
    {
        long channels = ElementCount(alpha);
        if (alpha.Floats is null || (alpha.Dims.Length > 0 && alpha.Dims[^1] != channels))
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has a PReLU alpha of shape [{string.Join(", ", alpha.Dims)}]; only per-channel float alphas are supported");
        }

        return AddInitializer(OnnxTensors.FromFloats(node.Name + "/alpha_nchw", alpha.Floats, [channels, 1, 1]));
    }

    /// <summary>TensorFlow's FloorDiv rounds toward negative infinity; ONNX Div truncates integers, so integers divide as floats and are floored.</summary>
    private void ConvertFloorDiv(TfJsNode node)
    {
        TensorValue a = Input(node, 0);
        TensorValue b = Input(node, 1);
        string output = Unique(node.Name);
        if (a.Type == TensorElementType.Float)
        {
            string quotient = Unique(node.Name + "/quotient");
            Graph.AddNode("Div", [Nhwc(a), Nhwc(b)], [quotient], Unique(node.Name + "/div"));
            Graph.AddNode("Floor", [quotient], [output], Unique(node.Name + "/floor"));
        }
        else
        {
            // Exact while |values| < 2^24, far beyond the index arithmetic these models do.
            string af = Unique(node.Name + "/a_float");
            string bf = Unique(node.Name + "/b_float");
            string quotient = Unique(node.Name + "/quotient");
            string floored = Unique(node.Name + "/floored");
            Graph.AddNode("Cast", [Nhwc(a)], [af], Unique(node.Name + "/cast_a"), OnnxAttributes.Int("to", (long)TensorElementType.Float));
            Graph.AddNode("Cast", [Nhwc(b)], [bf], Unique(node.Name + "/cast_b"), OnnxAttributes.Int("to", (long)TensorElementType.Float));
            Graph.AddNode("Div", [af, bf], [quotient], Unique(node.Name + "/div"));
            Graph.AddNode("Floor", [quotient], [floored], Unique(node.Name + "/floor"));
            Graph.AddNode("Cast", [floored], [output], Unique(node.Name + "/cast_back"), OnnxAttributes.Int("to", (long)a.Type));
        }

        SetNhwc(node, output, a.Type);
    }

    private void ConvertSquaredDifference(TfJsNode node)
    {
        TensorValue a = Input(node, 0);
        TensorValue b = Input(node, 1);
        string difference = Unique(node.Name + "/difference");
        string output = Unique(node.Name);
        Graph.AddNode("Sub", [Nhwc(a), Nhwc(b)], [difference], Unique(node.Name + "/sub"));
        Graph.AddNode("Mul", [difference, difference], [output], Unique(node.Name + "/square"));
        SetNhwc(node, output, a.Type);
    }

    private void ConvertSoftmax(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        string output = Unique(node.Name);
        Graph.AddNode("Softmax", [Nhwc(x)], [output], Unique(node.Name), OnnxAttributes.Int("axis", -1));
        SetNhwc(node, output, x.Type);
    }

    private void ConvertCast(TfJsNode node)
    {
        TensorValue x = Input(node, 0);
        TensorElementType to = AttrType(node, "DstT");
        string output = Unique(node.Name);
        Graph.AddNode("Cast", [Nhwc(x)], [output], Unique(node.Name), OnnxAttributes.Int("to", (long)to));
        SetNhwc(node, output, to);
    }

    private static long ElementCount(TfJsConstant constant)
    {
        long count = 1;
        foreach (long dim in constant.Dims)
        {
            count *= dim;
        }

        return count;
    }
}
