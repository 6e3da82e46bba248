using EdgeMer.Onnx.Protobuf;

namespace EdgeMer.Quantization.Graph;

/// <summary>
/// One node that becomes INT8: its float activation inputs, its weight initializer and the axis of
/// its output channels (none for an Add), its bias, and the activation whose range quantizes its
/// output: the node's own output, or the output of the ReLU or Clip(0, max) that follows it (folded
/// into a zero-point-0 UINT8 tensor).
/// </summary>
public sealed record QuantizedNode(
    NodeProto Node,
    string Kind,
    IReadOnlyList<string> Inputs,
    string? Weight,
    int WeightAxis,
    string? Bias,
    string Output,
    string? FoldedActivation)
{
    public string Name => Node.Name;
}
