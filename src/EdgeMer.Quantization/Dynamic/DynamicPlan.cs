using EdgeMer.Quantization.Graph;

namespace EdgeMer.Quantization.Dynamic;

/// <summary>What a dynamic recipe means for one model: the nodes rewritten into integer kernels (in any of its graphs) and those kept float, with the recipe's reason.</summary>
public sealed record DynamicPlan(IReadOnlyList<QuantizedNode> Quantized, IReadOnlyList<FloatNode> KeptFloat);
