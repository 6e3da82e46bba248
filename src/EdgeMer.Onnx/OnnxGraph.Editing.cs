using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx;

public sealed partial class OnnxGraph
{
    /// <summary>The node called <paramref name="name"/>, or null.</summary>
    public NodeProto? FindNode(string name)
    {
        foreach (NodeProto node in Proto.Node)
        {
            if (node.Name == name)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>The initializer called <paramref name="name"/>, or null.</summary>
    public TensorProto? FindInitializer(string name)
    {
        foreach (TensorProto tensor in Proto.Initializer)
        {
            if (tensor.Name == name)
            {
                return tensor;
            }
        }

        return null;
    }

    /// <summary>The graph input called <paramref name="name"/>, or null.</summary>
    public ValueInfoProto? FindInput(string name) => Find(Proto.Input, name);

    /// <summary>The graph output called <paramref name="name"/>, or null.</summary>
    public ValueInfoProto? FindOutput(string name) => Find(Proto.Output, name);

    /// <summary>The node that writes the value <paramref name="valueName"/>, or null (graph input, initializer or nothing).</summary>
    public NodeProto? FindProducer(string valueName)
    {
        foreach (NodeProto node in Proto.Node)
        {
            if (node.Output.Contains(valueName))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>The nodes that read the value <paramref name="valueName"/>, in graph order.</summary>
    public IReadOnlyList<NodeProto> FindConsumers(string valueName)
    {
        var consumers = new List<NodeProto>();
        foreach (NodeProto node in Proto.Node)
        {
            if (node.Input.Contains(valueName))
            {
                consumers.Add(node);
            }
        }

        return consumers;
    }

    /// <summary>The position of <paramref name="node"/> in <see cref="Nodes"/>; an error when it is not in this graph.</summary>
    public int IndexOf(NodeProto node)
    {
        for (int i = 0; i < Proto.Node.Count; i++)
        {
            if (ReferenceEquals(Proto.Node[i], node))
            {
                return i;
            }
        }

        throw new OnnxModelException($"node '{node.Name}' ({node.OpType}) is not in graph '{Name}'");
    }

    public void InsertNode(int index, NodeProto node) => Proto.Node.Insert(index, node);

    /// <summary>Inserts <paramref name="node"/> just before <paramref name="anchor"/>.</summary>
    public void InsertNodeBefore(NodeProto anchor, NodeProto node) => Proto.Node.Insert(IndexOf(anchor), node);

    /// <summary>Inserts <paramref name="node"/> just after <paramref name="anchor"/>.</summary>
    public void InsertNodeAfter(NodeProto anchor, NodeProto node) => Proto.Node.Insert(IndexOf(anchor) + 1, node);

    /// <summary>Puts <paramref name="replacement"/> where <paramref name="node"/> was.</summary>
    public void ReplaceNode(NodeProto node, NodeProto replacement) => Proto.Node[IndexOf(node)] = replacement;

    public void RemoveNode(NodeProto node) => Proto.Node.RemoveAt(IndexOf(node));

    /// <summary>Removes the initializer called <paramref name="name"/>; false when there is none.</summary>
    public bool RemoveInitializer(string name)
    {
        for (int i = 0; i < Proto.Initializer.Count; i++)
        {
            if (Proto.Initializer[i].Name == name)
            {
                Proto.Initializer.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes every node (and graph output) that reads <paramref name="oldName"/> read
    /// <paramref name="newName"/> instead, e.g. to route consumers through an inserted node.
    /// Nodes in <paramref name="except"/> keep reading the old value. Returns how many inputs changed.
    /// </summary>
    public int RedirectConsumers(string oldName, string newName, params ReadOnlySpan<NodeProto> except)
    {
        int changed = 0;
        foreach (NodeProto node in Proto.Node)
        {
            if (Contains(except, node))
            {
                continue;
            }

            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == oldName)
                {
                    node.Input[i] = newName;
                    changed++;
                }
            }
        }

        foreach (ValueInfoProto output in Proto.Output)
        {
            if (output.Name == oldName)
            {
                output.Name = newName;
                changed++;
            }
        }

        return changed;
    }

    /// <summary>
    /// A name no node, value or initializer of this graph uses yet: <paramref name="prefix"/> itself
    /// when free, otherwise <c>prefix_1</c>, <c>prefix_2</c>, …
    /// </summary>
    public string UniqueName(string prefix)
    {
        HashSet<string> used = UsedNames();
        if (!used.Contains(prefix))
        {
            return prefix;
        }

        for (int i = 1; ; i++)
        {
            string candidate = $"{prefix}_{i}";
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private HashSet<string> UsedNames()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (ValueInfoProto value in Proto.Input)
        {
            used.Add(value.Name);
        }

        foreach (ValueInfoProto value in Proto.Output)
        {
            used.Add(value.Name);
        }

        foreach (TensorProto tensor in Proto.Initializer)
        {
            used.Add(tensor.Name);
        }

        foreach (NodeProto node in Proto.Node)
        {
            used.Add(node.Name);
            foreach (string output in node.Output)
            {
                used.Add(output);
            }
        }

        return used;
    }

    private static bool Contains(ReadOnlySpan<NodeProto> nodes, NodeProto node)
    {
        foreach (NodeProto candidate in nodes)
        {
            if (ReferenceEquals(candidate, node))
            {
                return true;
            }
        }

        return false;
    }

    private static ValueInfoProto? Find(Google.Protobuf.Collections.RepeatedField<ValueInfoProto> values, string name)
    {
        foreach (ValueInfoProto value in values)
        {
            if (value.Name == name)
            {
                return value;
            }
        }

        return null;
    }
}
