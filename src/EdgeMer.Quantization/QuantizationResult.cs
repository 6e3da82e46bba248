using EdgeMer.Quantization.Reports;

namespace EdgeMer.Quantization;

/// <summary>The report of a quantization run and the INT8 variant it built (the ONNX file's bytes).</summary>
public sealed record QuantizationResult(QuantizationReport Report, byte[] Variant);
