using EdgeMer.Platform;
using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx;

/// <summary>
/// A view over a <see cref="GraphProto"/> that builds and edits it: inputs and outputs with element
/// types and shapes, initializers, nodes with attributes. Every change goes straight to
/// <see cref="Proto"/>; nothing is cached, so the proto may also be edited directly.
/// </summary>
public sealed partial class OnnxGraph
{
    internal OnnxGraph(GraphProto proto)
    {
        Proto = proto;
    }

    /// <summary>The graph as the ONNX schema has it.</summary>
    public GraphProto Proto { get; }

    public string Name
    {
        get => Proto.Name;
        set => Proto.Name = value;
    }

    /// <summary>The nodes, in file order (topological in a valid model).</summary>
    public IReadOnlyList<NodeProto> Nodes => Proto.Node;

    public IReadOnlyList<ValueInfoProto> Inputs => Proto.Input;

    public IReadOnlyList<ValueInfoProto> Outputs => Proto.Output;

    public IReadOnlyList<TensorProto> Initializers => Proto.Initializer;

    /// <summary>Adds a graph input of a tensor type with the given shape (<c>[1, "N", 3]</c>).</summary>
    public ValueInfoProto AddInput(string name, TensorElementType elementType, ReadOnlySpan<TensorDim> shape) =>
        Add(Proto.Input, TensorValue(name, elementType, shape, rankKnown: true));

    /// <summary>Adds a graph input of a tensor type whose rank is unknown.</summary>
    public ValueInfoProto AddInput(string name, TensorElementType elementType) =>
        Add(Proto.Input, TensorValue(name, elementType, [], rankKnown: false));

    /// <summary>Adds a graph output of a tensor type with the given shape.</summary>
    public ValueInfoProto AddOutput(string name, TensorElementType elementType, ReadOnlySpan<TensorDim> shape) =>
        Add(Proto.Output, TensorValue(name, elementType, shape, rankKnown: true));

    /// <summary>Adds a graph output of a tensor type whose rank is unknown.</summary>
    public ValueInfoProto AddOutput(string name, TensorElementType elementType) =>
        Add(Proto.Output, TensorValue(name, elementType, [], rankKnown: false));

    /// <summary>Records the type and shape of an intermediate value (<c>value_info</c>).</summary>
    public ValueInfoProto AddValueInfo(string name, TensorElementType elementType, ReadOnlySpan<TensorDim> shape) =>
        Add(Proto.ValueInfo, TensorValue(name, elementType, shape, rankKnown: true));

    /// <summary>Adds <paramref name="tensor"/> (see <see cref="OnnxTensors"/>) as a constant the nodes can read by its name.</summary>
    public TensorProto AddInitializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (string.IsNullOrEmpty(tensor.Name))
        {
            throw new ArgumentException("an initializer needs a name", nameof(tensor));
        }

        if (FindInitializer(tensor.Name) is not null)
        {
            throw new OnnxModelException($"graph '{Name}' already has an initializer named '{tensor.Name}'");
        }

        Proto.Initializer.Add(tensor);
        return tensor;
    }

    /// <summary>
    /// Creates a node without adding it to the graph (for <see cref="InsertNodeBefore"/> and
    /// <see cref="ReplaceNode"/>). A null <paramref name="name"/> gets a unique one, so every
    /// error can name the node.
    /// </summary>
    public NodeProto CreateNode(string opType, ReadOnlySpan<string> inputs, ReadOnlySpan<string> outputs, string? name = null, params ReadOnlySpan<AttributeProto> attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        var node = new NodeProto { OpType = opType, Name = name ?? UniqueName(opType) };
        node.Input.Add(inputs.ToArray());
        node.Output.Add(outputs.ToArray());
        node.Attribute.Add(attributes.ToArray());
        return node;
    }

    /// <summary>Creates a node in the default (ai.onnx) domain and appends it to the graph.</summary>
    public NodeProto AddNode(string opType, ReadOnlySpan<string> inputs, ReadOnlySpan<string> outputs, string? name = null, params ReadOnlySpan<AttributeProto> attributes)
    {
        NodeProto node = CreateNode(opType, inputs, outputs, name, attributes);
        Proto.Node.Add(node);
        return node;
    }

    private static ValueInfoProto Add(Google.Protobuf.Collections.RepeatedField<ValueInfoProto> list, ValueInfoProto value)
    {
        foreach (ValueInfoProto existing in list)
        {
            if (existing.Name == value.Name)
            {
                throw new OnnxModelException($"the graph already declares '{value.Name}'");
            }
        }

        list.Add(value);
        return value;
    }

    private static ValueInfoProto TensorValue(string name, TensorElementType elementType, ReadOnlySpan<TensorDim> shape, bool rankKnown)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType };
        if (rankKnown)
        {
            var shapeProto = new TensorShapeProto();
            foreach (TensorDim dim in shape)
            {
                var dimension = new TensorShapeProto.Types.Dimension();
                if (dim.Size is { } size)
                {
                    dimension.DimValue = size;
                }
                else if (dim.Symbol is { } symbol)
                {
                    dimension.DimParam = symbol;
                }

                shapeProto.Dim.Add(dimension);
            }

            tensorType.Shape = shapeProto;
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
