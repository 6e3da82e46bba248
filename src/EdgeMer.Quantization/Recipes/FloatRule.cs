namespace EdgeMer.Quantization.Recipes;

/// <summary>
/// One entry of a recipe's <c>keepFloat</c>: a node by name, or every node of an operator
/// (<c>Conv</c>, <c>Gemm</c>, <c>MatMul</c>, or <c>DepthwiseConv</c> for grouped convolutions
/// with one input channel per group), kept in float for the stated reason.
/// </summary>
public sealed record FloatRule(string? Node, string? Op, string Reason)
{
    /// <summary>How the report names the rule: <c>node conv2d_3</c> or <c>op DepthwiseConv</c>.</summary>
    public string Describe() => Node is not null ? $"node {Node}" : $"op {Op}";
}
