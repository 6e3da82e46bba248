using System.Globalization;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;

namespace EdgeMer.Quantization.Graph;

/// <summary>
/// Specializes a model for fixed values of some of its inputs: the small computations that depend on
/// them and on constants alone (Constant, Identity, Cast, comparisons, logic, scalar arithmetic) are
/// evaluated, and each If node whose condition becomes constant is replaced by the nodes of the
/// branch it would take, in the main graph: the branch's values are renamed where their names are
/// already used, its outputs are wired to the If's outputs by Identity nodes, and Ifs inside the
/// branch are folded the same way when their conditions become constant too. An If whose condition
/// depends on a real input stays as it is. Afterwards the main graph's Constant nodes become
/// initializers and the nodes nothing reads any more (the condition's computation, say) are removed.
/// The fixed inputs stay inputs of the model, so a caller binds them as before; the folded model
/// only computes what those values select.
/// </summary>
public static class FixedInputFolding
{
    /// <summary>The largest constant (in elements) that is evaluated ahead of time.</summary>
    private const int MaxEvaluated = 64;

    /// <summary>
    /// Folds <paramref name="model"/> in place for <paramref name="values"/> (input name → value) and
    /// returns what was folded, one line per If. An error naming the input or node when an input is
    /// unknown or cannot hold its value, when an If's condition depends on the fixed inputs and
    /// constants only but cannot be evaluated, or when no If's condition becomes constant at all.
    /// <paramref name="source"/> names the recipe in the messages.
    /// </summary>
    public static IReadOnlyList<string> Fold(OnnxModel model, IReadOnlyDictionary<string, double> values, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(values);
        var known = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach ((string name, double value) in values)
        {
            known[name] = FixedValue(model.Graph, name, value, source);
        }

        var folding = new Folding(model.Graph, known, source);
        List<NodeProto> nodes = folding.Emit(model.Graph.TopologicalOrder(), Scope.Root);
        if (folding.Folded.Count == 0)
        {
            throw new UnsupportedGraphException($"{source}: fixedInputs fix {string.Join(", ", values.Keys.Select(k => $"'{k}'"))}, but no If node's condition becomes constant from {(values.Count == 1 ? "it" : "them")}; there is nothing to fold");
        }

        GraphProto graph = model.Graph.Proto;
        graph.Node.Clear();
        foreach (NodeProto node in nodes)
        {
            graph.Node.Add(node);
        }

        ConstantsToInitializers(model.Graph);
        RemoveUnread(model.Graph);
        return folding.Folded;
    }

    private static Value FixedValue(OnnxGraph graph, string name, double value, string source)
    {
        ValueInfoProto input = graph.FindInput(name)
            ?? throw new UnsupportedGraphException($"{source}: fixedInputs names input '{name}', which the model does not have; its inputs: {string.Join(", ", graph.Inputs.Select(i => $"'{i.Name}'"))}");
        TypeProto.Types.Tensor? tensor = input.Type?.TensorType;
        if (tensor is null)
        {
            throw new UnsupportedGraphException($"{source}: fixedInputs names input '{name}', which is not a tensor");
        }

        var type = (TensorElementType)tensor.ElemType;
        if (tensor.Shape is { } shape)
        {
            foreach (TensorShapeProto.Types.Dimension dim in shape.Dim)
            {
                if (dim.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dim.DimValue != 1)
                {
                    throw new UnsupportedGraphException($"{source}: fixedInputs names input '{name}', whose shape [{string.Join(", ", shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString(CultureInfo.InvariantCulture) : d.DimParam.Length > 0 ? d.DimParam : "?"))}] is not that of a single value");
                }
            }
        }

        bool integral = type is TensorElementType.Int8 or TensorElementType.Int16 or TensorElementType.Int32 or TensorElementType.Int64
            or TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64;
        bool floating = type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16;
        if (!integral && !floating && type != TensorElementType.Bool)
        {
            throw new UnsupportedGraphException($"{source}: fixedInputs names input '{name}' of type {type}; a fixed value must be a number (integer, float or bool input)");
        }

        if ((integral || type == TensorElementType.Bool) && (value != Math.Floor(value) || Math.Abs(value) > 9e15))
        {
            throw new UnsupportedGraphException(string.Create(CultureInfo.InvariantCulture, $"{source}: fixedInputs gives input '{name}' the value {value}, but the input is {type}; give a whole number"));
        }

        if (type == TensorElementType.Bool && value is not (0 or 1))
        {
            throw new UnsupportedGraphException(string.Create(CultureInfo.InvariantCulture, $"{source}: fixedInputs gives input '{name}' the value {value}, but the input is Bool; give 0 or 1"));
        }

        if (type.ToString().StartsWith("UInt", StringComparison.Ordinal) && value < 0)
        {
            throw new UnsupportedGraphException(string.Create(CultureInfo.InvariantCulture, $"{source}: fixedInputs gives input '{name}' the value {value}, but the input is {type}, which holds no negative number"));
        }

        long[] dims = tensor.Shape is { } s ? [.. s.Dim.Select(_ => 1L)] : [];
        return new Value(type, [value], dims);
    }

    /// <summary>Constant nodes of the main graph with a tensor value become initializers of the same name.</summary>
    private static void ConstantsToInitializers(OnnxGraph graph)
    {
        foreach (NodeProto node in graph.Nodes.ToArray())
        {
            if (node.OpType == "Constant" && node.Attribute.Count == 1 && node.Attribute[0].Name == "value" && node.Attribute[0].T is { } tensor)
            {
                TensorProto copy = tensor.Clone();
                copy.Name = node.Output[0];
                graph.RemoveNode(node);
                graph.AddInitializer(copy);
            }
        }
    }

    /// <summary>Removes the nodes (and initializers) that neither a node, at any depth, nor a graph output reads.</summary>
    private static void RemoveUnread(OnnxGraph graph)
    {
        bool removed = true;
        while (removed)
        {
            removed = false;
            HashSet<string> read = OnnxGraph.ReadNames(graph.Proto);
            for (int i = graph.Proto.Node.Count - 1; i >= 0; i--)
            {
                if (!graph.Proto.Node[i].Output.Any(o => o.Length > 0 && read.Contains(o)))
                {
                    graph.Proto.Node.RemoveAt(i);
                    removed = true;
                }
            }
        }

        HashSet<string> used = OnnxGraph.ReadNames(graph.Proto);
        foreach (TensorProto tensor in graph.Initializers.ToArray())
        {
            if (!used.Contains(tensor.Name))
            {
                graph.RemoveInitializer(tensor.Name);
            }
        }
    }

    /// <summary>A small tensor known ahead of time: its element type, values (as doubles) and shape.</summary>
    private sealed record Value(TensorElementType Type, double[] Values, long[] Dims)
    {
        public bool IsTrue => Values.Length == 1 && Values[0] != 0;
    }

    /// <summary>The renaming in force while a branch is inlined: a branch value's new name, else the enclosing scope's.</summary>
    private sealed class Scope
    {
        public static readonly Scope Root = new(null);

        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

        private readonly Scope? _parent;

        public Scope(Scope? parent)
        {
            _parent = parent;
        }

        public void Add(string name, string renamed) => _names[name] = renamed;

        public bool DefinesOwn(string name) => _names.ContainsKey(name);

        public string Map(string name) => name.Length == 0 ? name : _names.TryGetValue(name, out string? renamed) ? renamed : _parent is null ? name : _parent.Map(name);
    }

    private sealed class Folding
    {
        private readonly OnnxGraph _graph;

        private readonly Dictionary<string, Value> _known;

        /// <summary>Values computed from fixed inputs and constants alone that are not evaluated, with why.</summary>
        private readonly Dictionary<string, string> _stuck = new(StringComparer.Ordinal);

        /// <summary>Value and node names in use in the main graph (including those of inlined branches).</summary>
        private readonly HashSet<string> _values = new(StringComparer.Ordinal);

        private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

        /// <summary>How many times each value name is defined anywhere in the model, subgraphs included.</summary>
        private readonly Dictionary<string, int> _definitions = new(StringComparer.Ordinal);

        private readonly string _source;

        public Folding(OnnxGraph graph, Dictionary<string, Value> known, string source)
        {
            _graph = graph;
            _known = known;
            _source = source;
            CountDefinitions(graph.Proto);
            foreach (ValueInfoProto input in graph.Inputs)
            {
                _values.Add(input.Name);
            }

            foreach (ValueInfoProto output in graph.Outputs)
            {
                _values.Add(output.Name);
            }

            foreach (TensorProto tensor in graph.Initializers)
            {
                _values.Add(tensor.Name);
                if (OnnxTensors.ElementCount(tensor) <= MaxEvaluated && !known.ContainsKey(tensor.Name) && graph.FindInput(tensor.Name) is null)
                {
                    Load(tensor.Name, tensor);
                }
            }

            foreach (NodeProto node in graph.Nodes)
            {
                _values.UnionWith(node.Output);
                _nodeNames.Add(node.Name);
            }
        }

        public List<string> Folded { get; } = [];

        private void CountDefinitions(GraphProto graph)
        {
            IEnumerable<string> names = graph.Input.Select(i => i.Name)
                .Concat(graph.Initializer.Select(t => t.Name))
                .Concat(graph.Node.SelectMany(n => n.Output).Where(o => o.Length > 0));
            foreach (string name in names)
            {
                _definitions[name] = _definitions.GetValueOrDefault(name) + 1;
            }

            foreach (NodeProto node in graph.Node)
            {
                foreach (GraphProto subgraph in OnnxGraph.Subgraphs(node))
                {
                    CountDefinitions(subgraph);
                }
            }
        }

        /// <summary>The nodes that replace <paramref name="nodes"/> (in order) with the renaming of <paramref name="scope"/> applied.</summary>
        public List<NodeProto> Emit(IEnumerable<NodeProto> nodes, Scope scope)
        {
            var result = new List<NodeProto>();
            foreach (NodeProto original in nodes)
            {
                NodeProto node = original.Clone();
                for (int i = 0; i < node.Input.Count; i++)
                {
                    node.Input[i] = scope.Map(node.Input[i]);
                }

                for (int i = 0; i < node.Output.Count; i++)
                {
                    node.Output[i] = scope.Map(node.Output[i]);
                }

                if (scope != Scope.Root)
                {
                    if (node.Name.Length > 0)
                    {
                        node.Name = UniqueNode(node.Name);
                    }

                    foreach (GraphProto graph in OnnxGraph.Subgraphs(node))
                    {
                        Rename(graph, scope.Map);
                    }
                }

                if (node.OpType == "If" && node.Input.Count == 1)
                {
                    if (_known.TryGetValue(node.Input[0], out Value? condition))
                    {
                        result.AddRange(Inline(node, condition.IsTrue, scope));
                        continue;
                    }

                    if (_stuck.TryGetValue(node.Input[0], out string? why))
                    {
                        throw new UnsupportedGraphException($"{_source}: If node '{node.Name}' has a condition '{node.Input[0]}' that depends only on the fixed inputs and constants but does not become constant: {why}");
                    }
                }

                Evaluate(node);
                result.Add(node);
            }

            return result;
        }

        private List<NodeProto> Inline(NodeProto node, bool condition, Scope outer)
        {
            string branchName = condition ? "then_branch" : "else_branch";
            GraphProto branch = node.Attribute.FirstOrDefault(a => a.Name == branchName)?.G
                ?? throw new UnsupportedGraphException($"{_source}: If node '{node.Name}' has no {branchName}");
            if (branch.Output.Count != node.Output.Count)
            {
                throw new UnsupportedGraphException($"{_source}: If node '{node.Name}' has {node.Output.Count} outputs but its {branchName} {branch.Output.Count}");
            }

            Folded.Add($"If node '{node.Name}': its condition is {(condition ? "true" : "false")}, so its {branchName} ({branch.Node.Count} nodes) replaces it");
            var scope = new Scope(outer);
            foreach (TensorProto tensor in branch.Initializer)
            {
                TensorProto copy = tensor.Clone();
                copy.Name = Claim(scope, tensor.Name);
                _graph.AddInitializer(copy);
                if (OnnxTensors.ElementCount(copy) <= MaxEvaluated)
                {
                    Load(copy.Name, copy);
                }
            }

            foreach (NodeProto inner in branch.Node)
            {
                foreach (string output in inner.Output)
                {
                    if (output.Length > 0)
                    {
                        Claim(scope, output);
                    }
                }
            }

            foreach (ValueInfoProto info in branch.ValueInfo)
            {
                if (scope.DefinesOwn(info.Name))
                {
                    ValueInfoProto copy = info.Clone();
                    copy.Name = scope.Map(info.Name);
                    _graph.Proto.ValueInfo.Add(copy);
                }
            }

            List<NodeProto> nodes = Emit(branch.Node, scope);

            for (int i = 0; i < branch.Output.Count; i++)
            {
                string from = scope.Map(branch.Output[i].Name);
                var identity = new NodeProto { OpType = "Identity", Name = UniqueNode($"{node.Name}_{branchName}_output_{i}") };
                identity.Input.Add(from);
                identity.Output.Add(node.Output[i]);
                nodes.Add(identity);
                Evaluate(identity);
            }

            return nodes;
        }

        /// <summary>
        /// Gives a branch value a name free in the main graph (its own when no other graph of the model,
        /// a sibling branch or a subgraph that stays, defines it as well) and records it in <paramref name="scope"/>.
        /// </summary>
        private string Claim(Scope scope, string name)
        {
            string renamed = name;
            for (int i = 1; _values.Contains(renamed) || _definitions.GetValueOrDefault(renamed) > (renamed == name ? 1 : 0); i++)
            {
                renamed = $"{name}_{i}";
            }

            _values.Add(renamed);
            scope.Add(name, renamed);
            return renamed;
        }

        private string UniqueNode(string name)
        {
            string renamed = name;
            for (int i = 1; _nodeNames.Contains(renamed); i++)
            {
                renamed = $"{name}_{i}";
            }

            _nodeNames.Add(renamed);
            return renamed;
        }

        /// <summary>In a subgraph of an inlined node, the references to renamed branch values: every name the subgraph (or one inside it) reads without defining it.</summary>
        private static void Rename(GraphProto graph, Func<string, string> map)
        {
            HashSet<string> defined = OnnxGraph.DefinedNames(graph);

            string Local(string name) => name.Length == 0 || defined.Contains(name) ? name : map(name);
            foreach (NodeProto inner in graph.Node)
            {
                for (int i = 0; i < inner.Input.Count; i++)
                {
                    inner.Input[i] = Local(inner.Input[i]);
                }

                foreach (GraphProto nested in OnnxGraph.Subgraphs(inner))
                {
                    Rename(nested, Local);
                }
            }

            foreach (ValueInfoProto output in graph.Output)
            {
                output.Name = Local(output.Name);
            }
        }

        private void Load(string name, TensorProto tensor)
        {
            var type = OnnxTensors.ElementType(tensor);
            double[]? values = type switch
            {
                TensorElementType.Float or TensorElementType.Float16 => [.. OnnxTensors.ToFloatsConverted(tensor).Select(v => (double)v)],
                TensorElementType.Double => OnnxTensors.ToDoubles(tensor),
                TensorElementType.Int64 => [.. OnnxTensors.ToInt64s(tensor).Select(v => (double)v)],
                TensorElementType.Int32 => [.. OnnxTensors.ToInt32s(tensor).Select(v => (double)v)],
                TensorElementType.Bool => [.. OnnxTensors.ToBools(tensor).Select(v => v ? 1.0 : 0.0)],
                TensorElementType.UInt8 => [.. OnnxTensors.ToUInt8s(tensor).Select(v => (double)v)],
                TensorElementType.Int8 => [.. OnnxTensors.ToInt8s(tensor).Select(v => (double)v)],
                _ => null,
            };
            if (values is null)
            {
                _stuck[name] = $"constant '{name}' is {type}, which is not evaluated ahead of time";
                return;
            }

            _known[name] = new Value(type, values, [.. tensor.Dims]);
        }

        /// <summary>Records what <paramref name="node"/>'s outputs are: known values, values stuck on a constant computation not evaluated (with why), or neither.</summary>
        private void Evaluate(NodeProto node)
        {
            if (node.OpType == "Constant")
            {
                if (node.Attribute.Count == 1 && node.Attribute[0].Name == "value" && node.Attribute[0].T is { } tensor && OnnxTensors.ElementCount(tensor) <= MaxEvaluated)
                {
                    Load(node.Output[0], tensor);
                }
                else
                {
                    _stuck[node.Output[0]] = $"Constant node '{node.Name}' holds no small tensor 'value' (at most {MaxEvaluated} elements are evaluated)";
                }

                return;
            }

            var inputs = new List<Value?>();
            string? stuck = null;
            foreach (string input in node.Input)
            {
                if (input.Length == 0)
                {
                    inputs.Add(null);
                    continue;
                }

                if (_known.TryGetValue(input, out Value? value))
                {
                    inputs.Add(value);
                }
                else if (_stuck.TryGetValue(input, out string? why))
                {
                    stuck ??= why;
                    inputs.Add(null);
                }
                else
                {
                    return; // depends on a real input: not constant
                }
            }

            if (OnnxGraph.Subgraphs(node).Any())
            {
                return; // a control-flow node that stays: what it computes is not evaluated
            }

            if (stuck is null && node.Input.Count > 0 && Compute(node, inputs!) is { } result)
            {
                _known[node.Output[0]] = result;
                return;
            }

            string reason = stuck ?? $"{node.OpType} node '{node.Name}' is not evaluated ahead of time (evaluated: Constant, Identity, Cast, Not, And, Or, Xor, Equal, Greater, Less, GreaterOrEqual, LessOrEqual, Add, Sub, Mul, Neg on tensors of at most {MaxEvaluated} elements)";
            foreach (string output in node.Output)
            {
                if (output.Length > 0)
                {
                    _stuck[output] = reason;
                }
            }
        }

        private static Value? Compute(NodeProto node, List<Value> inputs)
        {
            switch (node.OpType)
            {
                case "Identity" when inputs.Count == 1:
                    return inputs[0];
                case "Cast" when inputs.Count == 1:
                    var to = (TensorElementType)node.GetInt("to", 0);
                    Func<double, double>? cast = to switch
                    {
                        TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 => v => v,
                        TensorElementType.Bool => v => v != 0 ? 1 : 0,
                        TensorElementType.Int8 or TensorElementType.Int16 or TensorElementType.Int32 or TensorElementType.Int64
                            or TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64 => Math.Truncate,
                        _ => null,
                    };
                    return cast is null ? null : new Value(to, [.. inputs[0].Values.Select(cast)], inputs[0].Dims);
                case "Not" when inputs.Count == 1:
                    return new Value(TensorElementType.Bool, [.. inputs[0].Values.Select(v => v != 0 ? 0.0 : 1.0)], inputs[0].Dims);
                case "Neg" when inputs.Count == 1:
                    return new Value(inputs[0].Type, [.. inputs[0].Values.Select(v => -v)], inputs[0].Dims);
            }

            if (inputs.Count != 2)
            {
                return null;
            }

            Func<double, double, double>? operation = node.OpType switch
            {
                "Equal" => (a, b) => a == b ? 1 : 0,
                "Greater" => (a, b) => a > b ? 1 : 0,
                "Less" => (a, b) => a < b ? 1 : 0,
                "GreaterOrEqual" => (a, b) => a >= b ? 1 : 0,
                "LessOrEqual" => (a, b) => a <= b ? 1 : 0,
                "And" => (a, b) => a != 0 && b != 0 ? 1 : 0,
                "Or" => (a, b) => a != 0 || b != 0 ? 1 : 0,
                "Xor" => (a, b) => (a != 0) != (b != 0) ? 1 : 0,
                "Add" => (a, b) => a + b,
                "Sub" => (a, b) => a - b,
                "Mul" => (a, b) => a * b,
                _ => null,
            };
            if (operation is null)
            {
                return null;
            }

            Value x = inputs[0];
            Value y = inputs[1];
            bool logical = node.OpType is "Equal" or "Greater" or "Less" or "GreaterOrEqual" or "LessOrEqual" or "And" or "Or" or "Xor";
            TensorElementType type = logical ? TensorElementType.Bool : x.Type;
            if (x.Values.Length == y.Values.Length && x.Dims.SequenceEqual(y.Dims))
            {
                return new Value(type, [.. x.Values.Zip(y.Values, operation)], x.Dims);
            }

            // One side a single value: it is broadcast (the result has the other side's shape, or the longer rank of the two).
            if (y.Values.Length == 1 && x.Dims.Length >= y.Dims.Length)
            {
                return new Value(type, [.. x.Values.Select(a => operation(a, y.Values[0]))], x.Dims);
            }

            if (x.Values.Length == 1 && y.Dims.Length >= x.Dims.Length)
            {
                return new Value(type, [.. y.Values.Select(b => operation(x.Values[0], b))], y.Dims);
            }

            return null;
        }
    }
}
