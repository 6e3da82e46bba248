using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Onnx;

/// <summary>Typed reads of a node's attributes, with errors naming the node and the attribute.</summary>
public static class NodeProtoExtensions
{
    /// <summary>The attribute called <paramref name="name"/>, or null when the node has none.</summary>
    public static AttributeProto? FindAttribute(this NodeProto node, string name)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (AttributeProto attribute in node.Attribute)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Sets an attribute, replacing one of the same name.</summary>
    public static void SetAttribute(this NodeProto node, AttributeProto attribute)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(attribute);
        for (int i = 0; i < node.Attribute.Count; i++)
        {
            if (node.Attribute[i].Name == attribute.Name)
            {
                node.Attribute[i] = attribute;
                return;
            }
        }

        node.Attribute.Add(attribute);
    }

    public static long GetInt(this NodeProto node, string name, long fallback) =>
        node.FindAttribute(name) is { } a ? Expect(node, a, AttributeProto.Types.AttributeType.Int).I : fallback;

    public static float GetFloat(this NodeProto node, string name, float fallback) =>
        node.FindAttribute(name) is { } a ? Expect(node, a, AttributeProto.Types.AttributeType.Float).F : fallback;

    public static string GetString(this NodeProto node, string name, string fallback) =>
        node.FindAttribute(name) is { } a ? Expect(node, a, AttributeProto.Types.AttributeType.String).S.ToStringUtf8() : fallback;

    /// <summary>An ints attribute, or an empty array when the node has none.</summary>
    public static long[] GetInts(this NodeProto node, string name) =>
        node.FindAttribute(name) is { } a ? [.. Expect(node, a, AttributeProto.Types.AttributeType.Ints).Ints] : [];

    /// <summary>A floats attribute, or an empty array when the node has none.</summary>
    public static float[] GetFloats(this NodeProto node, string name) =>
        node.FindAttribute(name) is { } a ? [.. Expect(node, a, AttributeProto.Types.AttributeType.Floats).Floats] : [];

    /// <summary>A tensor attribute; an error naming the node when it has none.</summary>
    public static TensorProto GetTensor(this NodeProto node, string name) =>
        node.FindAttribute(name) is { } a
            ? Expect(node, a, AttributeProto.Types.AttributeType.Tensor).T
            : throw new OnnxModelException($"node '{node.Name}' ({node.OpType}) has no attribute '{name}'");

    private static AttributeProto Expect(NodeProto node, AttributeProto attribute, AttributeProto.Types.AttributeType type)
    {
        if (attribute.Type != type)
        {
            throw new OnnxModelException(
                $"node '{node.Name}' ({node.OpType}): attribute '{attribute.Name}' is {attribute.Type}, expected {type}");
        }

        return attribute;
    }
}
