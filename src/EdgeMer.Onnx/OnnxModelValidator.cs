using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx;

/// <summary>
/// Checks the structural rules of the ONNX format that EdgeMer's tools rely on: opset imports for
/// every domain used, every value defined exactly once before it is read, no cycles, typed graph
/// inputs and outputs, initializers whose data fits their dims. Operator semantics (which inputs
/// and attributes an op takes) are left to ONNX Runtime and onnx.checker.
/// </summary>
public static class OnnxModelValidator
{
    /// <summary>Every problem found in <paramref name="model"/>, each naming the node or value at fault.</summary>
    public static IReadOnlyList<OnnxValidationIssue> Validate(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var issues = new List<OnnxValidationIssue>();
        if (model.IrVersion <= 0)
        {
            issues.Add(new(null, "the model has no ir_version"));
        }

        if (model.Graph is null)
        {
            issues.Add(new(null, "the model has no graph"));
            return issues;
        }

        var reportedDomains = new HashSet<string>(StringComparer.Ordinal);
        CheckGraph(model, model.Graph, outerScope: null, isMain: true, reportedDomains, issues);
        return issues;
    }

    private static void CheckGraph(
        ModelProto model, GraphProto graph, HashSet<string>? outerScope, bool isMain, HashSet<string> reportedDomains, List<OnnxValidationIssue> issues)
    {
        string graphName = graph.Name.Length > 0 ? graph.Name : "(unnamed)";

        // Where each value comes from: graph input, initializer or node output (by node index).
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ValueInfoProto input in graph.Input)
        {
            if (!defined.TryAdd(input.Name, "a graph input"))
            {
                issues.Add(new(null, $"graph '{graphName}' declares input '{input.Name}' twice"));
            }

            if (isMain && input.Type is null)
            {
                issues.Add(new(null, $"graph input '{input.Name}' has no type"));
            }
        }

        foreach (TensorProto tensor in graph.Initializer)
        {
            // An initializer may share its name with a graph input: it is then the input's default value.
            if (defined.TryGetValue(tensor.Name, out string? source) && source != "a graph input")
            {
                issues.Add(new(null, $"graph '{graphName}' has two initializers named '{tensor.Name}'"));
            }

            defined[tensor.Name] = "an initializer";
            CheckInitializer(tensor, issues);
        }

        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < graph.Node.Count; index++)
        {
            NodeProto node = graph.Node[index];
            string label = Label(node, index);
            if (node.OpType.Length == 0)
            {
                issues.Add(new(label, "the node has no op_type"));
            }

            if (node.Name.Length > 0 && !nodeNames.Add(node.Name))
            {
                issues.Add(new(label, $"another node in graph '{graphName}' is also named '{node.Name}'"));
            }

            if (FindOpset(model, node.Domain) is null && reportedDomains.Add(node.Domain))
            {
                string domain = node.Domain.Length == 0 ? "the default domain (ai.onnx)" : $"domain '{node.Domain}'";
                issues.Add(new(label, $"the model imports no opset for {domain}, which {node.OpType} belongs to"));
            }

            foreach (string output in node.Output)
            {
                if (output.Length == 0)
                {
                    continue;
                }

                if (!defined.TryAdd(output, $"node '{label}'"))
                {
                    issues.Add(new(label, $"output '{output}' is already defined by {defined[output]}"));
                }
            }
        }

        // Reads come after the definitions; a value defined later is an ordering error (or a cycle).
        List<NodeProto> cycle;
        OnnxGraph.TryTopologicalOrder(graph, out cycle);
        if (cycle.Count > 0)
        {
            issues.Add(new(Label(cycle[0], graph.Node.IndexOf(cycle[0])), $"nodes {OnnxGraph.DescribeNodes(cycle)} form a cycle in graph '{graphName}'"));
        }

        var available = new HashSet<string>(StringComparer.Ordinal);
        foreach (ValueInfoProto input in graph.Input)
        {
            available.Add(input.Name);
        }

        foreach (TensorProto tensor in graph.Initializer)
        {
            available.Add(tensor.Name);
        }

        var cycleMembers = new HashSet<NodeProto>(cycle, ReferenceEqualityComparer.Instance);
        for (int index = 0; index < graph.Node.Count; index++)
        {
            NodeProto node = graph.Node[index];
            string label = Label(node, index);
            foreach (string input in node.Input)
            {
                if (input.Length == 0 || available.Contains(input) || (outerScope?.Contains(input) ?? false))
                {
                    continue;
                }

                if (!defined.TryGetValue(input, out string? producer))
                {
                    issues.Add(new(label, $"input '{input}' is not a graph input, an initializer or the output of any node"));
                }
                else if (!cycleMembers.Contains(node))
                {
                    issues.Add(new(label, $"input '{input}' is read before {producer} produces it (nodes must be in topological order)"));
                }
            }

            foreach (AttributeProto attribute in node.Attribute)
            {
                var scope = new HashSet<string>(available, StringComparer.Ordinal);
                if (outerScope is not null)
                {
                    scope.UnionWith(outerScope);
                }

                if (attribute.G is { } subgraph)
                {
                    CheckGraph(model, subgraph, scope, isMain: false, reportedDomains, issues);
                }

                foreach (GraphProto each in attribute.Graphs)
                {
                    CheckGraph(model, each, scope, isMain: false, reportedDomains, issues);
                }
            }

            foreach (string output in node.Output)
            {
                if (output.Length > 0)
                {
                    available.Add(output);
                }
            }
        }

        foreach (ValueInfoProto output in graph.Output)
        {
            if (!defined.ContainsKey(output.Name) && !(outerScope?.Contains(output.Name) ?? false))
            {
                issues.Add(new(null, $"graph output '{output.Name}' of graph '{graphName}' is not produced by any node, input or initializer"));
            }

            if (isMain && output.Type is null)
            {
                issues.Add(new(null, $"graph output '{output.Name}' has no type"));
            }
        }
    }

    private static void CheckInitializer(TensorProto tensor, List<OnnxValidationIssue> issues)
    {
        if (tensor.Name.Length == 0)
        {
            issues.Add(new(null, "an initializer has no name"));
        }

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            issues.Add(new(null, $"initializer '{tensor.Name}' keeps its data in an external file, which EdgeMer does not support"));
            return;
        }

        var type = (TensorElementType)tensor.DataType;
        if (type == TensorElementType.Undefined)
        {
            issues.Add(new(null, $"initializer '{tensor.Name}' has no data_type"));
            return;
        }

        long expected;
        try
        {
            expected = OnnxTensors.ElementCount(tensor);
        }
        catch (OverflowException)
        {
            issues.Add(new(null, $"initializer '{tensor.Name}' has dims [{string.Join(", ", tensor.Dims)}] whose product overflows"));
            return;
        }

        long actual = tensor.HasRawData
            ? (TensorElementTypes.SizeOf(type) is var size and > 0 ? tensor.RawData.Length / size : -1)
            : type switch
            {
                TensorElementType.Float or TensorElementType.Complex64 => tensor.FloatData.Count / (type == TensorElementType.Complex64 ? 2 : 1),
                TensorElementType.Double or TensorElementType.Complex128 => tensor.DoubleData.Count / (type == TensorElementType.Complex128 ? 2 : 1),
                TensorElementType.Int64 => tensor.Int64Data.Count,
                TensorElementType.UInt32 or TensorElementType.UInt64 => tensor.Uint64Data.Count,
                TensorElementType.String => tensor.StringData.Count,
                _ => tensor.Int32Data.Count,
            };
        bool rawFits = !tensor.HasRawData || (TensorElementTypes.SizeOf(type) is var unit and > 0 && tensor.RawData.Length % unit == 0);
        if (actual != expected || !rawFits)
        {
            issues.Add(new(null, $"initializer '{tensor.Name}' ({type}) has dims [{string.Join(", ", tensor.Dims)}] for {expected} values but holds data for {actual}"));
        }
    }

    private static long? FindOpset(ModelProto model, string domain)
    {
        foreach (OperatorSetIdProto opset in model.OpsetImport)
        {
            if (OnnxModel.SameDomain(opset.Domain, domain))
            {
                return opset.Version;
            }
        }

        return null;
    }

    private static string Label(NodeProto node, int index) => node.Name.Length > 0 ? node.Name : $"{node.OpType}#{index}";
}
