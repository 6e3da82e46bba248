namespace EdgeMer.Quantization;

/// <summary>
/// The arithmetic of the quantized variants, exactly as ONNX defines QuantizeLinear
/// (<c>saturate(round_half_to_even(x / scale) + zero_point)</c>) and DequantizeLinear: symmetric
/// per-channel INT8 weights, asymmetric per-tensor UINT8 activations whose zero point is 0 when the
/// range starts at 0 (after a ReLU), and INT32 biases on the product of the input and weight scales.
/// </summary>
public static class QuantizationMath
{
    /// <summary>The symmetric INT8 range weights use: -127..127, so that -w and w quantize alike.</summary>
    public const int WeightMax = 127;

    /// <summary>
    /// Per-tensor UINT8 parameters for an activation observed in <paramref name="min"/>..<paramref name="max"/>.
    /// The range is widened to hold 0 (0 must be exact: padding and ReLU produce it), so a range
    /// that starts at 0 gets zero point 0, which lets ONNX Runtime drop the ReLU into the integer kernel.
    /// </summary>
    public static QuantizationParameters ActivationUInt8(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"an activation range must be finite with min <= max; got {min}..{max}");
        }

        double low = Math.Min(min, 0.0);
        double high = Math.Max(max, 0.0);
        if (high == low)
        {
            return new QuantizationParameters(1f, 0);
        }

        float scale = (float)((high - low) / 255.0);
        int zeroPoint = (int)Math.Clamp(Math.Round(-low / scale, MidpointRounding.ToEven), 0, 255);
        return new QuantizationParameters(scale, zeroPoint);
    }

    /// <summary>
    /// Symmetric INT8 scales, one per slice along <paramref name="axis"/> of a weight tensor of
    /// <paramref name="dims"/>: <c>max |w| / 127</c> (1 for a slice of zeros), zero point 0.
    /// </summary>
    public static float[] PerChannelWeightScales(ReadOnlySpan<float> weights, ReadOnlySpan<long> dims, int axis)
    {
        (int channels, int inner) = Layout(weights.Length, dims, axis);
        var maxAbs = new float[channels];
        for (int i = 0; i < weights.Length; i++)
        {
            int channel = (i / inner) % channels;
            float magnitude = Math.Abs(weights[i]);
            if (!float.IsFinite(magnitude))
            {
                throw new ArgumentException($"weight element {i} is {weights[i]}; only finite weights can be quantized");
            }

            if (magnitude > maxAbs[channel])
            {
                maxAbs[channel] = magnitude;
            }
        }

        var scales = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            scales[c] = maxAbs[c] == 0f ? 1f : maxAbs[c] / WeightMax;
        }

        return scales;
    }

    /// <summary>Quantizes weights with one symmetric scale per slice along <paramref name="axis"/> (zero point 0), clamped to -127..127.</summary>
    public static sbyte[] QuantizeWeights(ReadOnlySpan<float> weights, ReadOnlySpan<long> dims, int axis, ReadOnlySpan<float> scales)
    {
        (int channels, int inner) = Layout(weights.Length, dims, axis);
        if (scales.Length != channels)
        {
            throw new ArgumentException($"{scales.Length} scales for {channels} channels");
        }

        var quantized = new sbyte[weights.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            int channel = (i / inner) % channels;
            quantized[i] = (sbyte)Quantize(weights[i], new QuantizationParameters(scales[channel], 0), -WeightMax, WeightMax);
        }

        return quantized;
    }

    /// <summary>Biases as INT32 on scale <c>inputScale * weightScale[c]</c>, zero point 0, as ONNX Runtime's integer convolution adds them.</summary>
    public static int[] QuantizeBias(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales, out float[] biasScales)
    {
        if (weightScales.Length != bias.Length && weightScales.Length != 1)
        {
            throw new ArgumentException($"{bias.Length} biases for {weightScales.Length} weight scales");
        }

        biasScales = new float[bias.Length];
        var quantized = new int[bias.Length];
        for (int c = 0; c < bias.Length; c++)
        {
            float scale = inputScale * weightScales[weightScales.Length == 1 ? 0 : c];
            biasScales[c] = scale;
            quantized[c] = (int)Quantize(bias[c], new QuantizationParameters(scale, 0), int.MinValue, int.MaxValue);
        }

        return quantized;
    }

    /// <summary>ONNX QuantizeLinear for one value: <c>clamp(round_half_to_even(x / scale) + zeroPoint, min, max)</c>.</summary>
    public static long Quantize(float value, QuantizationParameters parameters, long min, long max)
    {
        double rounded = Math.Round((double)(value / parameters.Scale), MidpointRounding.ToEven) + parameters.ZeroPoint;
        return (long)Math.Clamp(rounded, min, max);
    }

    /// <summary>ONNX DequantizeLinear for one value.</summary>
    public static float Dequantize(long quantized, QuantizationParameters parameters) =>
        (quantized - parameters.ZeroPoint) * parameters.Scale;

    private static (int Channels, int Inner) Layout(int count, ReadOnlySpan<long> dims, int axis)
    {
        if (axis < 0 || axis >= dims.Length)
        {
            throw new ArgumentException($"axis {axis} is outside a tensor of rank {dims.Length}");
        }

        long total = 1;
        long inner = 1;
        for (int d = 0; d < dims.Length; d++)
        {
            total *= dims[d];
            if (d > axis)
            {
                inner *= dims[d];
            }
        }

        if (total != count)
        {
            throw new ArgumentException($"{count} values for a tensor of {total} elements");
        }

        return (checked((int)dims[axis]), checked((int)inner));
    }
}
