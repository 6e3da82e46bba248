using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx;

public sealed partial class OnnxGraph
{
    /// <summary>
    /// The nodes in an order where every node comes after the nodes whose outputs it reads, keeping
    /// the file order wherever the dependencies allow it. An error naming the nodes when they form a cycle.
    /// </summary>
    public IReadOnlyList<NodeProto> TopologicalOrder()
    {
        List<NodeProto> order = TryTopologicalOrder(Proto, out List<NodeProto> cycle);
        if (cycle.Count > 0)
        {
            throw new OnnxModelException($"graph '{Name}' has a cycle through nodes {DescribeNodes(cycle)}");
        }

        return order;
    }

    /// <summary>Reorders <see cref="Nodes"/> topologically (after edits that appended nodes out of order).</summary>
    public void SortTopologically()
    {
        IReadOnlyList<NodeProto> order = TopologicalOrder();
        Proto.Node.Clear();
        foreach (NodeProto node in order)
        {
            Proto.Node.Add(node);
        }
    }

    /// <summary>
    /// Kahn's algorithm, always taking the earliest ready node in file order. Values nobody in the
    /// graph produces (inputs, initializers, outer-scope values) count as available.
    /// </summary>
    internal static List<NodeProto> TryTopologicalOrder(GraphProto graph, out List<NodeProto> cycle)
    {
        int count = graph.Node.Count;
        var producerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            foreach (string output in graph.Node[i].Output)
            {
                if (output.Length > 0)
                {
                    producerOf.TryAdd(output, i);
                }
            }
        }

        int[] pending = new int[count];
        var consumers = new List<int>[count];
        for (int i = 0; i < count; i++)
        {
            consumers[i] = [];
        }

        for (int i = 0; i < count; i++)
        {
            foreach (string input in ImplicitAndExplicitInputs(graph.Node[i]))
            {
                if (producerOf.TryGetValue(input, out int producer))
                {
                    pending[i]++;
                    consumers[producer].Add(i);
                }
            }
        }

        var ready = new SortedSet<int>();
        for (int i = 0; i < count; i++)
        {
            if (pending[i] == 0)
            {
                ready.Add(i);
            }
        }

        var order = new List<NodeProto>(count);
        while (ready.Count > 0)
        {
            int next = ready.Min;
            ready.Remove(next);
            order.Add(graph.Node[next]);
            foreach (int consumer in consumers[next])
            {
                if (--pending[consumer] == 0)
                {
                    ready.Add(consumer);
                }
            }
        }

        cycle = [];
        if (order.Count < count)
        {
            for (int i = 0; i < count; i++)
            {
                if (pending[i] > 0)
                {
                    cycle.Add(graph.Node[i]);
                }
            }
        }

        return order;
    }

    /// <summary>A node's inputs plus the outer values its subgraphs (If, Loop, Scan bodies) read.</summary>
    internal static IEnumerable<string> ImplicitAndExplicitInputs(NodeProto node)
    {
        foreach (string input in node.Input)
        {
            if (input.Length > 0)
            {
                yield return input;
            }
        }

        foreach (GraphProto graph in Subgraphs(node))
        {
            foreach (string name in OuterScopeReads(graph))
            {
                yield return name;
            }
        }
    }

    /// <summary>The subgraphs <paramref name="node"/> holds: If branches, Loop and Scan bodies.</summary>
    public static IEnumerable<GraphProto> Subgraphs(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (AttributeProto attribute in node.Attribute)
        {
            if (attribute.G is { } single)
            {
                yield return single;
            }

            foreach (GraphProto graph in attribute.Graphs)
            {
                yield return graph;
            }
        }
    }

    /// <summary>The names the subgraphs of <paramref name="node"/> read from the scopes around them (at any depth).</summary>
    public static HashSet<string> SubgraphReads(NodeProto node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (GraphProto graph in Subgraphs(node))
        {
            names.UnionWith(OuterScopeReads(graph));
        }

        return names;
    }

    internal static string DescribeNodes(List<NodeProto> nodes)
    {
        const int Shown = 8;
        var names = new List<string>(Math.Min(nodes.Count, Shown));
        for (int i = 0; i < nodes.Count && i < Shown; i++)
        {
            names.Add($"'{nodes[i].Name}' ({nodes[i].OpType})");
        }

        string more = nodes.Count > Shown ? $" and {nodes.Count - Shown} more" : string.Empty;
        return string.Join(", ", names) + more;
    }

    /// <summary>The names <paramref name="graph"/> (a subgraph) reads from the scopes around it: read by its nodes, at any depth, or given as its outputs, and not defined inside it.</summary>
    public static HashSet<string> OuterScopeReads(GraphProto graph)
    {
        HashSet<string> defined = DefinedNames(graph);
        var reads = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            foreach (string input in ImplicitAndExplicitInputs(node))
            {
                if (!defined.Contains(input))
                {
                    reads.Add(input);
                }
            }
        }

        foreach (ValueInfoProto output in graph.Output)
        {
            if (!defined.Contains(output.Name))
            {
                reads.Add(output.Name);
            }
        }

        return reads;
    }

    /// <summary>The values <paramref name="graph"/> defines itself: its inputs, its initializers and its nodes' outputs.</summary>
    public static HashSet<string> DefinedNames(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (ValueInfoProto input in graph.Input)
        {
            defined.Add(input.Name);
        }

        foreach (TensorProto tensor in graph.Initializer)
        {
            defined.Add(tensor.Name);
        }

        foreach (NodeProto node in graph.Node)
        {
            foreach (string output in node.Output)
            {
                defined.Add(output);
            }
        }

        return defined;
    }

    /// <summary>The values <paramref name="graph"/> reads: its nodes' inputs, what their subgraphs read from outside themselves, and its outputs.</summary>
    public static HashSet<string> ReadNames(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            read.UnionWith(ImplicitAndExplicitInputs(node));
        }

        foreach (ValueInfoProto output in graph.Output)
        {
            read.Add(output.Name);
        }

        return read;
    }
}
