using System.Text;
using EdgeMer.Platform;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>
/// One conversion: walks the TensorFlow nodes in dependency order and emits ONNX nodes. Each
/// TensorFlow tensor may exist channels-last (its TensorFlow layout) and, when 4-D and produced or
/// consumed by a spatial op, channels-first; either is created only when a consumer needs it.
/// </summary>
internal sealed partial class TfJsGraphConverter
{
    private static readonly long[] s_toNchw = [0, 3, 1, 2];
    private static readonly long[] s_toNhwc = [0, 2, 3, 1];

    private readonly string _source;
    private readonly Dictionary<string, TfJsNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<TfJsNode> _nodeOrder;
    private readonly Dictionary<string, TfJsConstant> _weights;
    private readonly TfJsSignature? _signature;
    private readonly TfJsImportOptions _options;
    private readonly OnnxModel _model;
    private readonly Dictionary<string, TensorValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _initializers = new(StringComparer.Ordinal);

    /// <summary>The graph's output names, taken before any node is converted so no inner value can take one first.</summary>
    private readonly HashSet<string> _outputNames = new(StringComparer.Ordinal);

    public TfJsGraphConverter(string source, List<TfJsNode> nodes, Dictionary<string, TfJsConstant> weights, TfJsSignature? signature, TfJsImportOptions options)
    {
        _source = source;
        _nodeOrder = nodes;
        foreach (TfJsNode node in nodes)
        {
            if (!_nodes.TryAdd(node.Name, node))
            {
                throw new TfJsImportException($"{source}: two nodes are named '{node.Name}'");
            }
        }

        _weights = weights;
        _signature = signature;
        _options = options;
        _model = new OnnxModel(options.GraphName);
    }

    private OnnxGraph Graph => _model.Graph;

    public OnnxModel Convert()
    {
        List<KeyValuePair<string, string>> outputs = ResolveOutputs();
        foreach (KeyValuePair<string, string> output in outputs)
        {
            _outputNames.Add(output.Value);
        }

        foreach (TfJsNode node in NodesNeededFor(outputs))
        {
            ConvertNode(node);
        }

        foreach (KeyValuePair<string, string> output in outputs)
        {
            TensorValue value = Value(output.Key, "the graph outputs");
            Graph.AddNode("Identity", [Nhwc(value)], [output.Value], output.Value + "/identity");
            AddBoundaryOutput(output.Key, output.Value, value.Type);
        }

        return _model;
    }

    /// <summary>The requested outputs as (normalized TensorFlow tensor, ONNX name).</summary>
    private List<KeyValuePair<string, string>> ResolveOutputs()
    {
        var outputs = new List<KeyValuePair<string, string>>();
        if (_options.Outputs.Count > 0)
        {
            foreach (KeyValuePair<string, string> output in _options.Outputs)
            {
                outputs.Add(new(Normalize(output.Key), output.Value));
            }
        }
        else if (_signature?.Outputs is { Count: > 0 } signed)
        {
            foreach (KeyValuePair<string, TfJsTensorInfo> output in signed)
            {
                string tensor = Normalize(output.Value.Name ?? output.Key);
                outputs.Add(new(tensor, Sanitize(output.Key.Contains(':', StringComparison.Ordinal) ? NodeName(tensor) : output.Key)));
            }
        }
        else
        {
            throw new TfJsImportException($"{_source} has no signature listing its outputs; name them in the import options");
        }

        foreach (KeyValuePair<string, string> output in outputs)
        {
            if (!_nodes.ContainsKey(NodeName(output.Key)))
            {
                throw new TfJsImportException($"{_source}: output '{output.Key}' names no node of the model");
            }
        }

        return outputs;
    }

    /// <summary>The nodes the outputs depend on, each after its inputs (file order where free).</summary>
    private List<TfJsNode> NodesNeededFor(List<KeyValuePair<string, string>> outputs)
    {
        var order = new List<TfJsNode>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        var stack = new Stack<(TfJsNode Node, int NextInput)>();
        foreach (KeyValuePair<string, string> output in outputs)
        {
            Visit(_nodes[NodeName(output.Key)]);
        }

        return order;

        void Visit(TfJsNode root)
        {
            if (state.ContainsKey(root.Name))
            {
                return;
            }

            state[root.Name] = 1;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                (TfJsNode node, int next) = stack.Pop();
                List<string> inputs = node.Input ?? [];
                if (next < inputs.Count)
                {
                    stack.Push((node, next + 1));
                    string input = inputs[next];
                    if (input.StartsWith('^'))
                    {
                        continue;
                    }

                    string name = NodeName(Normalize(input));
                    if (!_nodes.TryGetValue(name, out TfJsNode? producer))
                    {
                        throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) reads '{input}', which no node produces");
                    }

                    if (!state.TryGetValue(name, out int seen))
                    {
                        state[name] = 1;
                        stack.Push((producer, 0));
                    }
                    else if (seen == 1)
                    {
                        throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) is part of a cycle through '{name}'");
                    }

                    continue;
                }

                state[node.Name] = 2;
                order.Add(node);
            }
        }
    }

    private void ConvertNode(TfJsNode node)
    {
        if (!s_converters.TryGetValue(node.Op, out Action<TfJsGraphConverter, TfJsNode>? convert))
        {
            throw new TfJsImportException(
                $"{_source}: node '{node.Name}' uses op '{node.Op}', which the importer does not support (supported: {string.Join(", ", SupportedOps)})");
        }

        try
        {
            convert(this, node);
        }
        catch (TfJsImportException)
        {
            throw;
        }
        catch (Exception e) when (e is OnnxModelException or ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            throw new TfJsImportException($"{_source}: cannot convert node '{node.Name}' ({node.Op}): {e.Message}", e);
        }
    }

    // ---- values ----

    /// <summary>A TensorFlow tensor known to the ONNX graph, in one or both layouts.</summary>
    private sealed class TensorValue
    {
        public required TensorElementType Type { get; init; }

        /// <summary>The ONNX value holding the tensor in TensorFlow's layout, once something needed it.</summary>
        public string? Nhwc { get; set; }

        /// <summary>The ONNX value holding a 4-D tensor channels-first, once something needed it.</summary>
        public string? Nchw { get; set; }

        /// <summary>The constant behind the tensor, when it is a weight.</summary>
        public TfJsConstant? Constant { get; init; }

        /// <summary>The TensorFlow tensor name, for naming derived values.</summary>
        public required string TfName { get; init; }
    }

    private TensorValue Value(string tfInput, string reader)
    {
        string key = Normalize(tfInput);
        if (_values.TryGetValue(key, out TensorValue? value))
        {
            return value;
        }

        throw new TfJsImportException($"{_source}: {reader} reads '{tfInput}', which is not converted yet (is it an output of an unsupported node?)");
    }

    private TensorValue Input(TfJsNode node, int index)
    {
        List<string> inputs = node.Input ?? [];
        if (index >= inputs.Count)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has {inputs.Count} inputs; input {index} is missing");
        }

        return Value(inputs[index], $"node '{node.Name}' ({node.Op})");
    }

    private TfJsConstant ConstantInput(TfJsNode node, int index, string what)
    {
        TensorValue value = Input(node, index);
        return value.Constant
            ?? throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) needs a constant {what} (input {index}), but '{node.Input![index]}' is computed");
    }

    /// <summary>A constant input that must hold exactly one integer (an axis or a dimension).</summary>
    private long ScalarInput(TfJsNode node, int index, string what)
    {
        long[] values = ConstantInput(node, index, what).ToInt64s(_source, node.Name);
        if (values.Length != 1)
        {
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) needs one value as its {what} (input {index}), but '{node.Input![index]}' holds {values.Length}");
        }

        return values[0];
    }

    private static int DataInputCount(TfJsNode node)
    {
        int count = 0;
        foreach (string input in node.Input ?? [])
        {
            if (!input.StartsWith('^'))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The ONNX value of <paramref name="value"/> in TensorFlow's layout, transposing back from channels-first when needed.</summary>
    private string Nhwc(TensorValue value)
    {
        if (value.Nhwc is { } nhwc)
        {
            return nhwc;
        }

        if (value.Constant is not null)
        {
            value.Nhwc = Initializer(value.TfName, value.Constant);
            return value.Nhwc;
        }

        string name = Unique(value.TfName);
        Graph.AddNode("Transpose", [value.Nchw!], [name], Unique(value.TfName + "/to_nhwc"), OnnxAttributes.Ints("perm", s_toNhwc));
        value.Nhwc = name;
        return name;
    }

    /// <summary>The ONNX value of a 4-D <paramref name="value"/> channels-first, transposing once and reusing it.</summary>
    private string Nchw(TensorValue value)
    {
        if (value.Nchw is { } nchw)
        {
            return nchw;
        }

        string name = Unique(value.TfName + "/nchw");
        Graph.AddNode("Transpose", [Nhwc(value)], [name], Unique(value.TfName + "/to_nchw"), OnnxAttributes.Ints("perm", s_toNchw));
        value.Nchw = name;
        return name;
    }

    private void SetNhwc(TfJsNode node, string onnxName, TensorElementType type, int outputIndex = 0) =>
        _values[OutputKey(node.Name, outputIndex)] = new TensorValue { Type = type, Nhwc = onnxName, TfName = OutputTfName(node.Name, outputIndex) };

    private void SetNchw(TfJsNode node, string onnxName, TensorElementType type) =>
        _values[OutputKey(node.Name, 0)] = new TensorValue { Type = type, Nchw = onnxName, TfName = node.Name };

    /// <summary>A fresh ONNX value or node name, based on the TensorFlow name for traceability.</summary>
    private string Unique(string name)
    {
        // An output may be named like a TensorFlow node ("y" for node y): that node's value gets another name.
        string unique = Graph.UniqueName(name);
        for (int i = 1; _outputNames.Contains(unique); i++)
        {
            unique = Graph.UniqueName($"{name}_{i}");
        }

        return unique;
    }

    /// <summary>The initializer for a TensorFlow constant, created on first use.</summary>
    private string Initializer(string tfName, TfJsConstant constant)
    {
        if (_initializers.TryGetValue(tfName, out string? existing))
        {
            return existing;
        }

        string name = Unique(tfName);
        Graph.AddInitializer(constant.Type switch
        {
            TensorElementType.Float => OnnxTensors.FromFloats(name, constant.Floats, constant.Dims),
            TensorElementType.Int32 => OnnxTensors.FromInt32s(name, constant.Ints, constant.Dims),
            _ => OnnxTensors.FromBools(name, constant.Bools, constant.Dims),
        });
        _initializers[tfName] = name;
        return name;
    }

    /// <summary>A new initializer made by the importer (reshaped weights, shape operands).</summary>
    private string AddInitializer(TensorProto tensor)
    {
        tensor.Name = Unique(tensor.Name);
        Graph.AddInitializer(tensor);
        return tensor.Name;
    }

    private string Int64s(string name, params long[] values) => AddInitializer(OnnxTensors.FromInt64s(name, values, [values.Length]));

    private void AddBoundaryOutput(string tfTensor, string name, TensorElementType type)
    {
        TfJsShape? shape = null;
        if (_signature?.Outputs is { } outputs)
        {
            foreach (TfJsTensorInfo info in outputs.Values)
            {
                if (info.Name is { } signed && Normalize(signed) == tfTensor)
                {
                    shape = info.TensorShape;
                }
            }
        }

        if (shape?.Dim is { } dims && shape.UnknownRank != true)
        {
            Graph.AddOutput(name, type, Dims(dims));
        }
        else
        {
            Graph.AddOutput(name, type);
        }
    }

    private static TensorDim[] Dims(List<TfJsDim> dims)
    {
        var result = new TensorDim[dims.Count];
        for (int i = 0; i < dims.Count; i++)
        {
            result[i] = dims[i].Size < 0 ? (i == 0 ? TensorDim.Symbolic("batch") : TensorDim.Unknown) : TensorDim.Fixed(dims[i].Size);
        }

        return result;
    }

    // ---- names ----

    /// <summary><c>node</c> and <c>node:0</c> are the same tensor; keys always carry the index.</summary>
    private static string Normalize(string tfInput) =>
        tfInput.Contains(':', StringComparison.Ordinal) ? tfInput : tfInput + ":0";

    private static string NodeName(string normalized) => normalized[..normalized.LastIndexOf(':')];

    private static string OutputKey(string node, int index) => $"{node}:{index}";

    private static string OutputTfName(string node, int index) => index == 0 ? node : $"{node}:{index}";

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' ? c : '_');
        }

        return builder.ToString();
    }

    // ---- attributes ----

    private string AttrString(TfJsNode node, string key, string? fallback = null)
    {
        if (node.Attr?.TryGetValue(key, out TfJsAttr? attr) == true && attr.S is { } base64)
        {
            return DecodeAttrString(node, key, base64);
        }

        return fallback ?? throw MissingAttr(node, key);
    }

    private List<string> AttrStrings(TfJsNode node, string key)
    {
        var result = new List<string>();
        if (node.Attr?.TryGetValue(key, out TfJsAttr? attr) == true && attr.List?.S is { } list)
        {
            foreach (string base64 in list)
            {
                result.Add(DecodeAttrString(node, key, base64));
            }
        }

        return result;
    }

    /// <summary>TensorFlow.js stores string attributes (padding, data_format, fused_ops) base64-encoded.</summary>
    private string DecodeAttrString(TfJsNode node, string key, string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(System.Convert.FromBase64String(base64));
        }
        catch (FormatException e)
        {
            string shown = base64.Length <= 40 ? base64 : base64[..40] + "...";
            throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}) has attribute '{key}' = '{shown}', which is not base64 (TensorFlow.js stores string attributes base64-encoded)", e);
        }
    }

    private long[] AttrInts(TfJsNode node, string key, long[]? fallback = null)
    {
        if (node.Attr?.TryGetValue(key, out TfJsAttr? attr) == true && attr.List is { } list)
        {
            return [.. list.I ?? []];
        }

        return fallback ?? throw MissingAttr(node, key);
    }

    private long AttrInt(TfJsNode node, string key, long? fallback = null)
    {
        if (node.Attr?.TryGetValue(key, out TfJsAttr? attr) == true && attr.I is { } value)
        {
            return value;
        }

        return fallback ?? throw MissingAttr(node, key);
    }

    private static bool AttrBool(TfJsNode node, string key, bool fallback) =>
        node.Attr?.TryGetValue(key, out TfJsAttr? attr) == true && attr.B is { } value ? value : fallback;

    private static float AttrFloat(TfJsNode node, string key, float fallback) =>
        node.Attr?.TryGetValue(key, out TfJsAttr? attr) == true && attr.F is { } value ? value : fallback;

    private TensorElementType AttrType(TfJsNode node, string key, TensorElementType? fallback = null)
    {
        if (node.Attr?.TryGetValue(key, out TfJsAttr? attr) == true && attr.Type is { } type)
        {
            return type switch
            {
                "DT_FLOAT" => TensorElementType.Float,
                "DT_INT32" => TensorElementType.Int32,
                "DT_INT64" => TensorElementType.Int64,
                "DT_BOOL" => TensorElementType.Bool,
                "DT_UINT8" => TensorElementType.UInt8,
                _ => throw new TfJsImportException($"{_source}: node '{node.Name}' ({node.Op}): attribute '{key}' is {type}; supported are DT_FLOAT, DT_INT32, DT_INT64, DT_BOOL, DT_UINT8"),
            };
        }

        return fallback ?? throw MissingAttr(node, key);
    }

    private TfJsImportException MissingAttr(TfJsNode node, string key) =>
        new($"{_source}: node '{node.Name}' ({node.Op}) lacks attribute '{key}'");
}
