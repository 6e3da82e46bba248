using EdgeMer.Models.Tooling.Verification;

namespace EdgeMer.Quantization.Running;

/// <summary>One set of model inputs with a description of where it came from (<c>face crop of diner.jpg, shifted ...</c>).</summary>
public sealed record InputCase(string Description, IReadOnlyList<RawTensor> Tensors);
