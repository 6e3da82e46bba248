namespace EdgeMer.Quantization.Tests;

/// <summary>The arithmetic of the INT8 variants against values worked out by hand from ONNX's definitions.</summary>
public sealed class QuantizationMathTests
{
    [Fact]
    public void An_activation_that_starts_at_zero_gets_zero_point_zero()
    {
        QuantizationParameters parameters = QuantizationMath.ActivationUInt8(0f, 2.55f);

        Assert.Equal(0.01f, parameters.Scale, 6);
        Assert.Equal(0, parameters.ZeroPoint);
    }

    [Fact]
    public void A_positive_range_is_widened_to_hold_zero()
    {
        QuantizationParameters parameters = QuantizationMath.ActivationUInt8(0.5f, 2.55f);

        Assert.Equal(0.01f, parameters.Scale, 6);
        Assert.Equal(0, parameters.ZeroPoint);
    }

    [Fact]
    public void A_signed_range_puts_zero_on_an_exact_step()
    {
        // (1.55 - -1) / 255 = 0.01; zero lies 1 / 0.01 = 100 steps above the bottom.
        QuantizationParameters parameters = QuantizationMath.ActivationUInt8(-1f, 1.55f);

        Assert.Equal(0.01f, parameters.Scale, 6);
        Assert.Equal(100, parameters.ZeroPoint);
        Assert.Equal(0f, QuantizationMath.Dequantize(QuantizationMath.Quantize(0f, parameters, 0, 255), parameters));
    }

    [Fact]
    public void Weights_get_one_symmetric_scale_per_output_channel()
    {
        float[] weights = [0.5f, -1.27f, 0.01f, 2.54f, 1.0f, -0.5f];

        float[] scales = QuantizationMath.PerChannelWeightScales(weights, [2, 3], axis: 0);
        sbyte[] quantized = QuantizationMath.QuantizeWeights(weights, [2, 3], 0, scales);

        // Channel 0: max |w| 1.27 -> 0.01 per step; channel 1: 2.54 -> 0.02.
        Assert.Equal(0.01f, scales[0], 6);
        Assert.Equal(0.02f, scales[1], 6);
        Assert.Equal([50, -127, 1, 127, 50, -25], quantized.Select(v => (int)v));
    }

    [Fact]
    public void Weights_can_be_scaled_per_column()
    {
        // A MatMul's B is [K, N]: one scale per column (axis 1).
        float[] weights = [1.5f, 0.2f, -2f, 0.05f];

        float[] scales = QuantizationMath.PerChannelWeightScales(weights, [2, 2], axis: 1);
        sbyte[] quantized = QuantizationMath.QuantizeWeights(weights, [2, 2], 1, scales);

        Assert.Equal(2f / 127, scales[0], 6);
        Assert.Equal(0.2f / 127, scales[1], 6);
        // 1.5 / (2 / 127) = 95.25 and 0.05 / (0.2 / 127) = 31.75.
        Assert.Equal([95, 127, -127, 32], quantized.Select(v => (int)v));
    }

    [Fact]
    public void A_channel_of_zeros_quantizes_to_zeros_with_scale_one()
    {
        float[] scales = QuantizationMath.PerChannelWeightScales([0f, 0f, 1f, -1f], [2, 2], 0);

        Assert.Equal(1f, scales[0]);
        Assert.Equal([0, 0, 127, -127], QuantizationMath.QuantizeWeights([0f, 0f, 1f, -1f], [2, 2], 0, scales).Select(v => (int)v));
    }

    [Fact]
    public void Biases_use_the_input_scale_times_each_weight_scale()
    {
        int[] quantized = QuantizationMath.QuantizeBias([0.3f, -0.1f], 0.01f, [0.01f, 0.02f], out float[] scales);

        Assert.Equal(0.0001f, scales[0], 8);
        Assert.Equal(0.0002f, scales[1], 8);
        Assert.Equal([3000, -500], quantized);
    }

    [Theory]
    [InlineData(2.5f, 2)]
    [InlineData(3.5f, 4)]
    [InlineData(-2.5f, -2)]
    [InlineData(2.4f, 2)]
    public void Quantize_rounds_half_to_even_as_onnx_does(float value, long expected)
    {
        Assert.Equal(expected, QuantizationMath.Quantize(value, new QuantizationParameters(1f, 0), -128, 127));
    }

    [Fact]
    public void Quantize_saturates_at_the_type_range()
    {
        var parameters = new QuantizationParameters(0.01f, 0);

        Assert.Equal(255, QuantizationMath.Quantize(3f, parameters, 0, 255));
        Assert.Equal(0, QuantizationMath.Quantize(-1f, parameters, 0, 255));
    }

    [Fact]
    public void A_non_finite_weight_is_refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => QuantizationMath.PerChannelWeightScales([1f, float.NaN], [2], 0));

        Assert.Contains("element 1", error.Message, StringComparison.Ordinal);
    }
}
