namespace EdgeMer.Quantization.Measuring;

/// <summary>The time one operator type (as ONNX Runtime ran it after its graph optimisations: <c>QLinearConv</c>, <c>FusedConv</c>, ...) took per run, summed over its nodes.</summary>
public sealed record OperatorTime(string Operator, int Nodes, double MicrosecondsPerRun);
