using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// Which output channels of a float model's convolutions can be removed, and which must be removed
/// together. Every dense convolution with constant weights (1-D, 2-D or 3-D) starts a channel space (its output
/// channels); the space follows its tensor through the per-channel operators (ReLU, Clip, pooling,
/// BatchNormalization, depthwise convolutions, Mul/Add/PRelu by a per-channel constant, a Pad of the
/// spatial axes only) and along
/// Concat joins (on the channel axis) to the dense convolutions that read it. An Add or Mul of two
/// such tensors couples their spaces channel by channel: they form one group, pruned identically.
/// A group is left whole when any of its channels reaches a graph output or an operator this does
/// not follow (Reshape, Gemm, a Pad of the channel axis ...), each with the reason.
/// </summary>
public sealed class ChannelGroups
{
    private static readonly HashSet<string> s_unary = new(StringComparer.Ordinal)
    {
        "Relu", "Clip", "Sigmoid", "Tanh", "LeakyRelu", "HardSigmoid", "HardSwish", "Elu", "Selu", "Identity",
        "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "Dropout", "Softplus", "Neg", "Abs",
    };

    private static readonly HashSet<string> s_binary = new(StringComparer.Ordinal) { "Add", "Sub", "Mul", "Div", "PRelu", "Max", "Min" };

    private readonly List<Space> _spaces = [];

    private readonly Dictionary<string, Slot[]> _layouts = new(StringComparer.Ordinal);

    private ChannelGroups(OnnxModel model)
    {
        Model = model;
    }

    public OnnxModel Model { get; }

    /// <summary>The groups, in the order of their first convolution in the graph.</summary>
    public IReadOnlyList<ChannelGroup> Groups { get; private set; } = [];

    /// <summary>Analyses <paramref name="model"/> (float, NCHW, opset 11 or later).</summary>
    public static ChannelGroups Analyze(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new ChannelGroups(model);
        result.Walk();
        return result;
    }

    /// <summary>
    /// Why the model has no channel group at all, naming where its convolutions are: none in the
    /// model, or only inside the subgraphs of control-flow nodes (If, Loop, Scan), which this does not
    /// walk; null when it has groups. <paramref name="model"/> is how the message names the model.
    /// </summary>
    public string? WhyNoGroups(string model)
    {
        if (Groups.Count > 0)
        {
            return null;
        }

        var holders = new List<string>();
        int inside = 0;
        foreach (NodeProto node in Model.Graph.Nodes)
        {
            int count = ConvolutionsInSubgraphs(node);
            if (count > 0)
            {
                holders.Add($"{node.OpType} node '{node.Name}'");
                inside += count;
            }
        }

        return inside == 0
            ? $"model '{model}' has no dense convolution with constant weights in its graph, so it has no channels to prune"
            : $"model '{model}' has no dense convolution with constant weights in its main graph: its {inside} Conv nodes are inside the subgraphs of {string.Join(", ", holders)}, and channel pruning follows channels through the main graph only (a branch's outputs and the values it reads from outside are not followed); when an If's condition depends on an input that is always given one value, the recipe's fixedInputs folds it into the branch taken";
    }

    /// <summary>The Conv nodes in the subgraphs <paramref name="node"/> holds (If branches, Loop and Scan bodies), at any depth.</summary>
    private static int ConvolutionsInSubgraphs(NodeProto node)
    {
        int count = 0;
        foreach (GraphProto graph in OnnxGraph.Subgraphs(node))
        {
            foreach (NodeProto inner in graph.Node)
            {
                count += (inner.OpType == "Conv" ? 1 : 0) + ConvolutionsInSubgraphs(inner);
            }
        }

        return count;
    }

    /// <summary>For each channel of <paramref name="tensor"/>, the group and the group's channel it belongs to; null when the tensor carries no prunable channels.</summary>
    public (int Group, int Channel)[]? Layout(string tensor)
    {
        if (!_layouts.TryGetValue(tensor, out Slot[]? slots))
        {
            return null;
        }

        var layout = new (int, int)[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            layout[i] = (Root(slots[i].Space).Group, slots[i].Channel);
        }

        return layout;
    }

    /// <summary>The group whose channels <paramref name="conv"/> (a dense convolution) writes, or null.</summary>
    public ChannelGroup? GroupOf(string conv)
    {
        foreach (ChannelGroup group in Groups)
        {
            if (group.Convolutions.Contains(conv))
            {
                return group;
            }
        }

        return null;
    }

    private void Walk()
    {
        OnnxGraph graph = Model.Graph;
        var constants = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorProto tensor in graph.Initializers)
        {
            constants.Add(tensor.Name);
        }

        foreach (NodeProto node in graph.TopologicalOrder())
        {
            if (node.OpType == "Constant")
            {
                constants.UnionWith(node.Output);
                continue;
            }

            Visit(node, constants);
        }

        foreach (ValueInfoProto output in graph.Outputs)
        {
            Freeze(output.Name, $"reaches the graph output '{output.Name}'");
        }

        var groups = new Dictionary<int, ChannelGroup>();
        foreach (Space space in _spaces)
        {
            Space root = Root(space);
            if (!groups.TryGetValue(root.Id, out ChannelGroup? group))
            {
                group = new ChannelGroup(groups.Count, root.Size);
                groups[root.Id] = group;
            }

            group.AddConvolution(space.Producer);
            foreach (string reason in space.Frozen)
            {
                group.AddReason(reason);
            }
        }

        foreach (Space space in _spaces)
        {
            space.Group = groups[Root(space).Id].Index;
        }

        Groups = [.. groups.Values];
    }

    private void Visit(NodeProto node, HashSet<string> constants)
    {
        string what = $"{node.OpType} node '{node.Name}'";
        foreach (string outer in OnnxGraph.SubgraphReads(node))
        {
            // A value read inside a branch or loop body keeps its channels: the subgraph is not followed.
            Freeze(outer, $"is read inside the subgraphs of {what}, which pruning does not follow");
        }

        Slot[]? first = node.Input.Count > 0 ? Find(node.Input[0]) : null;
        switch (node.OpType)
        {
            case "Conv":
                VisitConv(node, constants, first, what);
                return;
            case "BatchNormalization" when first is not null && node.Output.Count == 1 && AllConstant(node, constants, 1):
                _layouts[node.Output[0]] = first;
                return;
            case "Pad" when first is not null:
                if (ChannelPadProblem(node) is { } problem)
                {
                    FreezeInputs(node, $"is read by {what}, {problem}");
                    return;
                }

                // Padding only the spatial axes pads every channel alike: the channels pass through.
                _layouts[node.Output[0]] = first;
                return;
            case "Concat" when IsChannelAxis(node.GetInt("axis", 0)):
                var joined = new List<Slot>();
                foreach (string input in node.Input)
                {
                    if (Find(input) is not { } slots)
                    {
                        FreezeInputs(node, $"is joined by {what} to channels whose origin is not followed ('{input}')");
                        return;
                    }

                    joined.AddRange(slots);
                }

                _layouts[node.Output[0]] = [.. joined];
                return;
        }

        if (s_unary.Contains(node.OpType) && first is not null)
        {
            for (int i = 1; i < node.Input.Count; i++)
            {
                if (node.Input[i].Length > 0 && (!constants.Contains(node.Input[i]) || !IsScalar(node.Input[i])))
                {
                    FreezeInputs(node, $"is read by {what}, whose input '{node.Input[i]}' is not a constant scalar");
                    return;
                }
            }

            _layouts[node.Output[0]] = first;
            return;
        }

        if (s_binary.Contains(node.OpType) && node.Input.Count == 2)
        {
            VisitBinary(node, constants, what);
            return;
        }

        FreezeInputs(node, $"is read by {what}, which pruning does not follow");
    }

    private void VisitConv(NodeProto node, HashSet<string> constants, Slot[]? input, string what)
    {
        TensorProto? weight = node.Input.Count > 1 ? Model.Graph.FindInitializer(node.Input[1]) : null;
        bool constantBias = node.Input.Count < 3 || node.Input[2].Length == 0 || Model.Graph.FindInitializer(node.Input[2]) is not null;
        if (weight is null || !constantBias || weight.Dims.Count < 3 || OnnxTensors.ElementType(weight) != TensorElementType.Float)
        {
            FreezeInputs(node, $"is read by {what}, whose weights or bias are not a constant float tensor");
            return;
        }

        long group = node.GetInt("group", 1);
        int outputs = (int)weight.Dims[0];
        if (group == 1)
        {
            var space = new Space(_spaces.Count, node.Name, outputs);
            _spaces.Add(space);
            var slots = new Slot[outputs];
            for (int c = 0; c < outputs; c++)
            {
                slots[c] = new Slot(space, c);
            }

            _layouts[node.Output[0]] = slots;
            return;
        }

        if (input is not null && group == input.Length && outputs == input.Length && weight.Dims[1] == 1)
        {
            // Depthwise: output channel c is input channel c filtered; it follows its input.
            _layouts[node.Output[0]] = input;
            return;
        }

        FreezeInputs(node, $"is read by {what}, a grouped convolution (group {group}) that is not depthwise with multiplier 1");
    }

    private void VisitBinary(NodeProto node, HashSet<string> constants, string what)
    {
        Slot[]? a = Find(node.Input[0]);
        Slot[]? b = Find(node.Input[1]);
        bool aConstant = constants.Contains(node.Input[0]);
        bool bConstant = constants.Contains(node.Input[1]);
        if ((a is not null && b is null && bConstant) || (b is not null && a is null && aConstant))
        {
            Slot[] slots = (a ?? b)!;
            string constant = a is not null ? node.Input[1] : node.Input[0];
            if (!IsScalar(constant) && PerChannelLength(constant) != slots.Length)
            {
                FreezeInputs(node, $"is read by {what}, whose constant '{constant}' is neither a scalar nor one value per channel");
                return;
            }

            _layouts[node.Output[0]] = slots;
            return;
        }

        if (a is not null && b is not null && node.OpType is "Add" or "Sub" or "Mul" or "Max" or "Min")
        {
            if (a.Length != b.Length)
            {
                FreezeInputs(node, $"is joined by {what} to a tensor of another channel count");
                return;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i].Channel != b[i].Channel)
                {
                    FreezeInputs(node, $"is joined by {what} channel {i} to a channel of another position (a Concat on one side)");
                    return;
                }
            }

            for (int i = 0; i < a.Length; i++)
            {
                Union(a[i].Space, b[i].Space);
            }

            _layouts[node.Output[0]] = a;
            return;
        }

        FreezeInputs(node, $"is read by {what}, whose other input is computed from channels pruning does not follow");
    }

    private bool AllConstant(NodeProto node, HashSet<string> constants, int from)
    {
        for (int i = from; i < node.Input.Count; i++)
        {
            if (!constants.Contains(node.Input[i]) || Model.Graph.FindInitializer(node.Input[i]) is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why a Pad does not pass its input's channels through unchanged (it pads the batch or channel axis, or its pads are not constant); null when it pads only the spatial axes.</summary>
    private string? ChannelPadProblem(NodeProto node)
    {
        long[] pads;
        if (node.Input.Count > 1 && node.Input[1].Length > 0)
        {
            if (Model.Graph.FindInitializer(node.Input[1]) is not { } tensor)
            {
                return $"whose pads '{node.Input[1]}' are computed, not constant";
            }

            pads = OnnxTensors.ToInt64s(tensor);
        }
        else
        {
            pads = node.GetInts("pads");
        }

        if (node.Input.Count > 3 && node.Input[3].Length > 0)
        {
            return $"which pads only the axes its input '{node.Input[3]}' names";
        }

        if (pads.Length != 8)
        {
            return $"whose pads ({pads.Length} values) are not those of an NCHW tensor";
        }

        if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0)
        {
            return $"which pads the batch or channel axis (pads [{string.Join(", ", pads)}])";
        }

        return null;
    }

    private bool IsScalar(string name) => Model.Graph.FindInitializer(name) is { } tensor && OnnxTensors.ElementCount(tensor) == 1;

    /// <summary>The channel count of a constant shaped [C], [C, 1, 1] or [1, C, 1, 1] (broadcast along NCHW's channels); -1 otherwise.</summary>
    private int PerChannelLength(string name)
    {
        if (Model.Graph.FindInitializer(name) is not { } tensor)
        {
            return -1;
        }

        var dims = tensor.Dims;
        return dims.Count switch
        {
            3 when dims[1] == 1 && dims[2] == 1 => (int)dims[0],
            4 when dims[0] == 1 && dims[2] == 1 && dims[3] == 1 => (int)dims[1],
            _ => -1,
        };
    }

    private static bool IsChannelAxis(long axis) => axis is 1 or -3;

    private Slot[]? Find(string tensor) => _layouts.TryGetValue(tensor, out Slot[]? slots) ? slots : null;

    private void FreezeInputs(NodeProto node, string reason)
    {
        foreach (string input in node.Input)
        {
            Freeze(input, reason);
        }
    }

    private void Freeze(string tensor, string reason)
    {
        if (Find(tensor) is not { } slots)
        {
            return;
        }

        foreach (Slot slot in slots)
        {
            slot.Space.AddFrozen(reason);
        }
    }

    private static Space Root(Space space)
    {
        while (space.Parent != space)
        {
            space = space.Parent;
        }

        return space;
    }

    private static void Union(Space a, Space b)
    {
        Space rootA = Root(a);
        Space rootB = Root(b);
        if (rootA != rootB)
        {
            // The earlier space stays the root, so groups are numbered in graph order.
            if (rootA.Id < rootB.Id)
            {
                rootB.Parent = rootA;
            }
            else
            {
                rootA.Parent = rootB;
            }
        }
    }

    private sealed record Slot(Space Space, int Channel);

    private sealed class Space
    {
        public Space(int id, string producer, int size)
        {
            Id = id;
            Producer = producer;
            Size = size;
            Parent = this;
        }

        public int Id { get; }

        public string Producer { get; }

        public int Size { get; }

        public Space Parent { get; set; }

        public int Group { get; set; } = -1;

        public List<string> Frozen { get; } = [];

        public void AddFrozen(string reason)
        {
            if (!Frozen.Contains(reason))
            {
                Frozen.Add(reason);
            }
        }
    }
}
