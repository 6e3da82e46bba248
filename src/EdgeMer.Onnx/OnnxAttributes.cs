using System.Diagnostics.CodeAnalysis;
using EdgeMer.Onnx.Protobuf;
using Google.Protobuf;

namespace EdgeMer.Onnx;

/// <summary>Creates node attributes of each ONNX attribute type.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are those of the ONNX attribute types.")]
public static class OnnxAttributes
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    public static AttributeProto Graph(string name, GraphProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = value };

    public static AttributeProto Ints(string name, params ReadOnlySpan<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values.ToArray());
        return attribute;
    }

    public static AttributeProto Floats(string name, params ReadOnlySpan<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.Add(values.ToArray());
        return attribute;
    }

    public static AttributeProto Strings(string name, params ReadOnlySpan<string> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        foreach (string value in values)
        {
            attribute.Strings.Add(ByteString.CopyFromUtf8(value));
        }

        return attribute;
    }

    public static AttributeProto Tensors(string name, params ReadOnlySpan<TensorProto> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensors };
        attribute.Tensors.Add(values.ToArray());
        return attribute;
    }

    public static AttributeProto Graphs(string name, params ReadOnlySpan<GraphProto> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Graphs };
        attribute.Graphs.Add(values.ToArray());
        return attribute;
    }
}
