namespace EdgeMer.Quantization;

/// <summary>
/// The affine map of one quantized tensor (or one channel of it): <c>real = (q - ZeroPoint) * Scale</c>,
/// as ONNX's QuantizeLinear and DequantizeLinear define it.
/// </summary>
public readonly record struct QuantizationParameters(float Scale, int ZeroPoint);
